import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { getCustomerProfile } from "@/lib/customers/get-customer-profile";
import { nextPurchaseView } from "@/lib/customers/next-purchase-view";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { CustomerMessages } from "./customer-messages";
import { CustomerRecommendations } from "./customer-recommendations";
import { SegmentMemberships } from "./segment-memberships";

export const metadata: Metadata = { title: "Customer" };

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="break-words text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words text-slate-900">{value ?? "—"}</dd>
    </div>
  );
}

export default async function CustomerProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; customerId: string }>;
  searchParams: Promise<{ messages?: string | string[] }>;
}) {
  const { workspace: slug, customerId } = await params;
  const { messages: messagesAfter } = await searchParams;
  const access = await pageAccess(slug, "customers.read");
  const ws = access.workspace;
  const profile = await getCustomerProfile(ws.id, customerId);
  if (!profile) notFound();
  const { customer: c, orders, events } = profile;
  const m = c.metrics;
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.externalId;
  const attributes = Object.entries((c.attributes ?? {}) as Record<string, unknown>);
  const nextPurchase = nextPurchaseView(m, new Date(), ws.timezone);

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/customers`} className="text-brand-600 hover:underline">
          ← Customers
        </Link>
      </div>
      <PageHeader title={name} description={`Customer ID ${c.externalId}`} />

      <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4 xl:grid-cols-7">
        <Stat
          label="Orders"
          value={formatNumber(profile.live.orderCount)}
          hint={profile.live.lastOrderAt ? `${formatDate(profile.live.firstOrderAt, ws.timezone)} – ${formatDate(profile.live.lastOrderAt, ws.timezone)}` : "No counted orders"}
        />
        <Stat label="Revenue" value={formatMoney(profile.live.revenue, ws.currency)} hint="Counted orders, live" />
        <Stat label="RFM" value={m?.rScore ? `${m.rScore}-${m.fScore}-${m.mScore}` : "—"} hint={m?.rfmSegment ?? "Not scored yet"} />
        <Stat label="P(alive)" value={m?.pAlive == null ? "—" : formatPercent(m.pAlive)} hint={m?.churnRiskBand ? `Churn risk: ${m.churnRiskBand}` : undefined} />
        <Stat label="Buys again" value={nextPurchase.value} hint={nextPurchase.hint} />
        <Stat
          label="Expected purchases"
          value={m?.expectedPurchases365d == null ? "—" : formatNumber(m.expectedPurchases365d, 2)}
          hint={m?.expectedPurchases90d == null ? "next 365 days" : `next 365 days · ${formatNumber(m.expectedPurchases90d, 2)} in 90 days`}
        />
        <Stat label="Predicted CLV (12m)" value={m?.predictedClv12m == null ? "—" : formatMoney(m.predictedClv12m, ws.currency)} />
      </div>
      {!m ? (
        <p className="mb-6 text-sm text-slate-600">
          Value metrics appear after the next analytics run (nightly, or “Recompute now” on the LTV &amp; Churn page).
        </p>
      ) : (
        <p className="mb-6 text-xs text-slate-500">
          Orders and revenue are live. RFM, P(alive), expected purchases and CLV computed {formatDateTime(m.computedAt, ws.timezone)} ({ws.timezone}).
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Contact">
          <dl className="divide-y divide-slate-100">
            <Field label="Email" value={c.email} />
            <Field label="Phone" value={c.phone} />
            <Field label="Location" value={[c.city, c.country].filter(Boolean).join(", ") || null} />
            <Field label="Time zone" value={c.timezone} />
            <Field label="Channel" value={c.acquisitionChannel} />
            <Field label="Signed up" value={formatDate(c.signedUpAt, ws.timezone)} />
            <Field label="First order" value={formatDate(m?.firstOrderAt, ws.timezone)} />
            <Field label="Last order" value={formatDate(m?.lastOrderAt, ws.timezone)} />
          </dl>
        </Card>
        <Card title="Consent">
          <ul className="space-y-2 text-sm">
            {(
              [
                ["Email", c.emailConsent],
                ["SMS", c.smsConsent],
                ["Push", c.pushConsent],
              ] as const
            ).map(([label, ok]) => (
              <li key={label} className="flex items-center justify-between">
                <span>{label}</span>
                <Badge tone={ok ? "green" : "neutral"}>{ok ? "Opted in" : "No consent"}</Badge>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Attributes">
          {attributes.length === 0 ? (
            <p className="text-sm text-slate-500">No custom attributes.</p>
          ) : (
            <dl className="divide-y divide-slate-100">
              {attributes.map(([k, v]) => (
                <Field key={k} label={k} value={typeof v === "object" ? JSON.stringify(v) : String(v)} />
              ))}
            </dl>
          )}
        </Card>
      </div>

      <div className="mt-6">
        <CustomerRecommendations workspaceSlug={slug} workspaceId={ws.id} customerId={c.id} timeZone={ws.timezone} />
      </div>

      <div className="mt-6">
        <SegmentMemberships workspaceSlug={slug} workspaceId={ws.id} customerId={customerId} timeZone={ws.timezone} />
      </div>

      {can(access.role, "campaigns.read") ? (
        <CustomerMessages slug={slug} workspaceId={ws.id} customerId={customerId} timeZone={ws.timezone} after={typeof messagesAfter === "string" ? messagesAfter : undefined} />
      ) : null}

      <h2 className="mb-3 mt-8 text-lg font-semibold">
        Orders {profile.ordersTruncated ? <span className="text-sm font-normal text-slate-500">(latest 100 of {formatNumber(profile.orderCount)})</span> : null}
      </h2>
      {orders.length === 0 ? (
        <p className="text-sm text-slate-600">No orders yet.</p>
      ) : (
        <Table caption="Orders">
          <thead>
            <tr>
              <Th>Placed</Th>
              <Th>Order</Th>
              <Th>Items</Th>
              <Th>Channel</Th>
              <Th>Status</Th>
              <Th className="text-right">Total</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {orders.map((o) => (
              <tr key={o.id.toString()}>
                <Td>{formatDateTime(o.placedAt, ws.timezone)}</Td>
                <Td>{o.externalId}</Td>
                <Td className="max-w-xs truncate whitespace-normal">
                  {o.items.length === 0 ? "—" : o.items.map((i) => `${i.quantity}× ${i.product?.name ?? "item"}`).join(", ")}
                </Td>
                <Td>{o.channel ?? "—"}</Td>
                <Td>{o.status}</Td>
                <Td className="text-right tabular-nums">{formatMoney(Number(o.total), o.currency)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2 className="mb-3 mt-8 text-lg font-semibold">Recent events</h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No events recorded.</p>
      ) : (
        <Table caption="Events">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Type</Th>
              <Th>Properties</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id.toString()}>
                <Td>{formatDateTime(e.occurredAt, ws.timezone)}</Td>
                <Td>{e.type}</Td>
                <Td className="max-w-md truncate font-mono text-xs">{JSON.stringify(e.properties)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
