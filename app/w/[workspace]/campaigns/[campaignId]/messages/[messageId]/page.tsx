import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { getMessage } from "@/lib/campaigns/list-messages";
import { formatDateTime } from "@/lib/format";
import { orNotFound } from "@/lib/next/or-not-found";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { messageDecision } from "@/components/campaigns/message-decision";
import { MessageStatusBadge, messageStatusLabel } from "@/components/campaigns/status-badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Message" };

const CHANNEL_NAMES = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" } as const;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** One message: what was decided for this customer and why, its attempts, and everything that happened to it since. */
export default async function MessagePage({ params }: { params: Promise<{ workspace: string; campaignId: string; messageId: string }> }) {
  const { workspace: slug, campaignId: rawCampaign, messageId } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const ws = access.workspace;
  const campaignId = await orNotFound(() => parseRouteId(rawCampaign, "Campaign"));
  const [campaign, message] = await Promise.all([orNotFound(() => getCampaign(ws.id, campaignId)), orNotFound(() => getMessage(ws.id, messageId))]);
  // Another campaign's message under this campaign's address is not found, like one that does not exist.
  if (message.campaignId !== campaignId) notFound();
  const tz = ws.timezone;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/campaigns/${campaignId}#messages`} className="text-brand-600 hover:underline">
          ← {campaign.name}
        </Link>
      </div>
      <PageHeader
        title={`Message to ${message.customer.externalId}`}
        description={
          <>
            <span className="mr-2 inline-flex align-middle">
              <MessageStatusBadge status={message.status} />
            </span>
            {messageDecision(message, tz)}
          </>
        }
      />
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card title="Decision">
          <dl className="divide-y divide-slate-100">
            <Row label="Status">{messageStatusLabel(message.status)}</Row>
            <Row label="Reason">{message.reason ? `${message.reasonText} (${message.reason})` : "—"}</Row>
            <Row label="Detail">{message.detail ?? "—"}</Row>
            <Row label="Attempts">{message.attempts}</Row>
            <Row label="Not before">{formatDateTime(new Date(message.notBefore), tz)}</Row>
            <Row label="Sent">{formatDateTime(message.sentAt ? new Date(message.sentAt) : null, tz)}</Row>
            <Row label="Planned">{formatDateTime(new Date(message.createdAt), tz)}</Row>
          </dl>
        </Card>
        <Card title="Customer">
          <dl className="divide-y divide-slate-100">
            <Row label="Customer">
              <Link href={`/w/${slug}/customers/${message.customer.id}`} className="text-brand-700 hover:underline">
                {message.customer.externalId}
              </Link>
            </Row>
            <Row label="Email">{message.customer.email ?? "—"}</Row>
            <Row label="Channel">{CHANNEL_NAMES[message.channel]}</Row>
          </dl>
        </Card>
      </div>
      <h2 className="mb-3 text-lg font-semibold">Events</h2>
      {message.events.length === 0 ? (
        <p className="text-sm text-slate-600">No events recorded yet.</p>
      ) : (
        <Table caption="Events">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Event</Th>
              <Th>Detail</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {message.events.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <Td>{formatDateTime(new Date(e.at), tz)}</Td>
                <Td>{e.kind}</Td>
                <Td className="max-w-xl truncate font-mono text-xs">{Object.keys(e.detail).length ? JSON.stringify(e.detail) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
