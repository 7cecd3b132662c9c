import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { countCustomers } from "@/lib/customers/list-customers";
import { orNotFound } from "@/lib/next/or-not-found";
import { isCustomerId } from "@/lib/segments/segment-input.schema";
import { parseRouteId } from "@/lib/route-id";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { getSegment } from "@/lib/segments/get-segment";
import { listSegmentMembers } from "@/lib/segments/segment-members";
import { listSegments } from "@/lib/segments/list-segments";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th } from "@/components/ui/table";
import { RulesSummary } from "@/components/segment-builder/rules-summary";
import { readRefreshStatus } from "@/lib/segments/request-refresh";
import { MemberRow } from "./member-row";
import { OverlapPanel } from "./overlap-panel";
import { readSizeHistory } from "./read-size-history";
import { RefreshPanel } from "./refresh-panel";
import { SegmentActions } from "./segment-actions";
import { SizeHistoryChart } from "./size-history-chart";

export const metadata: Metadata = { title: "Segment" };

const PAGE_SIZE = 50;

export default async function SegmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; segmentId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { workspace: slug, segmentId: raw } = await params;
  const { after } = await searchParams;
  const access = await pageAccess(slug, "segments.read");
  const ws = access.workspace;
  const segmentId = await orNotFound(() => parseRouteId(raw, "Segment"));
  const segment = await orNotFound(() => getSegment(ws.id, segmentId));
  // A malformed cursor starts from the first page rather than failing.
  const cursor = typeof after === "string" && isCustomerId(after) ? after : undefined;
  const [members, total, history, all, status] = await Promise.all([
    listSegmentMembers(ws.id, segmentId, { after: cursor, limit: PAGE_SIZE }),
    countCustomers(ws.id),
    readSizeHistory(ws.id, segmentId),
    // Archived ones too: this segment may be archived, and its owner and the names of the segments it uses come from this list.
    listSegments(ws.id, { includeArchived: true }),
    readRefreshStatus(ws.id, segmentId),
  ]);
  const owner = all.find((s) => s.id === segmentId)?.owner ?? null;
  const segmentNames = new Map(all.map((s) => [s.id, s.name]));
  const canWrite = can(access.role, "segments.write") && !segment.archivedAt;
  const base = `/w/${slug}/segments/${segmentId}`;
  const refreshed = segment.lastRefreshedAt !== null;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/segments`} className="text-brand-600 hover:underline">
          ← Segments
        </Link>
      </div>
      <PageHeader
        title={segment.name}
        description={
          <>
            <span className="mr-2 inline-flex gap-1 align-middle">
              <Badge tone={segment.kind === "DYNAMIC" ? "blue" : "neutral"}>{segment.kind === "DYNAMIC" ? "Dynamic" : "Static"}</Badge>
              {segment.archivedAt ? <Badge tone="amber">Archived</Badge> : null}
            </span>
            {segment.description}
          </>
        }
        actions={
          <SegmentActions
            slug={slug}
            segmentId={segmentId}
            name={segment.name}
            canWrite={canWrite}
            canRestore={Boolean(segment.archivedAt) && can(access.role, "segments.write")}
          />
        }
      />

      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat
          label="Customers"
          value={refreshed ? formatNumber(segment.size) : "—"}
          hint={refreshed ? `${total === 0 ? "0%" : formatPercent(segment.size / total)} of ${formatNumber(total)} customers` : "Filled by the first refresh"}
        />
        <Stat
          label={segment.kind === "STATIC" ? "Frozen" : "Last refresh"}
          value={<span className="text-base">{formatDateTime(segment.lastRefreshedAt, ws.timezone)}</span>}
          hint={segment.kind === "STATIC" ? "Members were fixed when the segment was saved." : "Refreshed every hour and on demand."}
        />
        <Stat label="Owner" value={<span className="text-base">{owner?.name ?? owner?.email ?? "—"}</span>} hint={`Rules version ${segment.definitionVersion}`} />
      </div>

      {segment.kind === "DYNAMIC" && !segment.archivedAt ? (
        <div className="mb-6">
          <RefreshPanel slug={slug} segmentId={segmentId} canWrite={canWrite} timeZone={ws.timezone} initial={status} />
        </div>
      ) : null}

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card title="Rules">
          <RulesSummary root={segment.definition.root} options={{ currency: ws.currency, segmentNames }} />
        </Card>
        <Card title="Size over time">
          <SizeHistoryChart points={history} timeZone={ws.timezone} />
        </Card>
      </div>

      <div className="mb-6">
        <Card title="Overlap with another segment">
          <OverlapPanel slug={slug} segmentId={segmentId} others={all.filter((s) => s.id !== segmentId && !s.archivedAt).map((s) => ({ id: s.id, name: s.name }))} />
        </Card>
      </div>

      <h2 className="mb-3 text-lg font-semibold">Members</h2>
      {members.members.length === 0 && !cursor ? (
        <EmptyState title={refreshed ? "No customer matches these rules" : "Not refreshed yet"}>
          {refreshed
            ? "Edit the rules to widen the audience, or check that analytics have run if the rules use RFM or predicted value."
            : "The first refresh fills this segment; it runs within the hour, or press Refresh now."}
        </EmptyState>
      ) : (
        <Table caption="Members">
          <thead>
            <tr>
              <Th>Customer</Th>
              <Th>Email</Th>
              <Th>Entered</Th>
              <Th className="text-right">Predicted CLV (12m)</Th>
              <Th>RFM segment</Th>
              <Th className="text-right">P(alive)</Th>
              <Th>Consent</Th>
              <Th className="text-right">
                <span className="sr-only">Explanation</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.members.map((m) => (
              <MemberRow
                key={m.customerId}
                slug={slug}
                segmentId={segmentId}
                member={{
                  customerId: m.customerId,
                  label: [m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || m.externalId,
                  externalId: m.externalId,
                  email: m.email,
                  entered: formatDateTime(m.enteredAt, ws.timezone),
                  clv: m.predictedClv12m === null ? "—" : formatMoney(m.predictedClv12m, ws.currency),
                  rfmSegment: m.rfmSegment ?? "—",
                  pAlive: m.pAlive === null ? "—" : formatPercent(m.pAlive, 0),
                  consent: (["email", "sms", "push"] as const).filter((ch) => m.consent[ch]).join(", ") || "none",
                }}
              />
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link href={base} className="text-brand-600 hover:underline">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {members.nextCursor ? (
          <Link href={`${base}?after=${members.nextCursor}`} className="text-brand-600 hover:underline" rel="next">
            Next page →
          </Link>
        ) : null}
      </div>
    </>
  );
}
