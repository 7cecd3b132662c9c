import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { loadCampaignSetup } from "@/lib/campaigns/campaign-setup";
import type { CampaignStatus } from "@/lib/campaigns/campaign-views";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { isAppError } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { CampaignSetupNeeded } from "@/components/campaigns/campaign-setup-needed";
import { CAMPAIGN_STATUSES, CampaignStatusBadge, campaignStatusLabel } from "@/components/campaigns/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Campaigns" };

const PAGE_SIZE = 50;
const CHANNEL_NAMES = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" } as const;
const KIND_NAMES = { broadcast: "Broadcast", recurring: "Recurring", triggered: "Triggered" } as const;

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function campaignsPage(workspaceId: number, status: CampaignStatus | undefined, after: string | undefined) {
  try {
    return { page: await listCampaigns(workspaceId, { status, after, limit: PAGE_SIZE }), cursorRefused: false };
  } catch (err) {
    // A cursor that is not one of ours (edited by hand, from an old link) starts from the first page.
    if (isAppError(err) && err.code === "VALIDATION" && after) return { page: await listCampaigns(workspaceId, { status, limit: PAGE_SIZE }), cursorRefused: true };
    throw err;
  }
}

export default async function CampaignsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ status?: string | string[]; after?: string | string[] }> }) {
  const { workspace: slug } = await params;
  const query = await searchParams;
  const access = await pageAccess(slug, "campaigns.read");
  const ws = access.workspace;
  const canWrite = can(access.role, "campaigns.write");
  const status = CAMPAIGN_STATUSES.find((s) => s === one(query.status));
  const after = one(query.after) || undefined;
  const [{ page, cursorRefused }, setup] = await Promise.all([campaignsPage(ws.id, status, after), loadCampaignSetup(ws.id)]);
  const base = `/w/${slug}/campaigns`;
  const withStatus = (s: CampaignStatus | undefined) => (s ? `${base}?status=${s}` : base);
  const newButton = canWrite ? (
    <Link href={`${base}/new`} className={buttonClasses("primary")}>
      New campaign
    </Link>
  ) : undefined;
  const firstPage = !after || cursorRefused;

  if (page.campaigns.length === 0 && firstPage && !status) {
    const setupNeeded = <CampaignSetupNeeded slug={slug} setup={setup} canManageSettings={can(access.role, "settings.manage")} />;
    return (
      <>
        <PageHeader title="Campaigns" description="Email, SMS, push and webhook messages to the customers of a segment: once, or whenever a customer enters or leaves it." />
        {canWrite && (setup.segments.length === 0 || !setup.channels.some((c) => c.configured)) ? (
          setupNeeded
        ) : (
          <EmptyState title="No campaigns yet" action={newButton}>
            {canWrite
              ? "Create a campaign: choose a segment and a channel, write the message with a live preview for a real customer, then launch it or schedule it."
              : "Marketers and admins create and launch campaigns; you will see them here with their results."}
          </EmptyState>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Counts come from each campaign's latest tally, refreshed every 15 s while it sends. Archived campaigns are listed under their own filter."
        actions={
          <>
            <Link href={`${base}/programme`} className={buttonClasses("secondary")}>
              Programme results
            </Link>
            {newButton}
          </>
        }
      />
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {[undefined, ...CAMPAIGN_STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={withStatus(s)}
            aria-current={s === status ? "page" : undefined}
            className={cx("rounded-full border px-3 py-1", s === status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 text-slate-700 hover:bg-slate-50")}
          >
            {s ? campaignStatusLabel(s) : "All but archived"}
          </Link>
        ))}
      </nav>
      {cursorRefused ? <p className="mb-3 text-sm text-amber-800">That page link was not valid; showing the first page.</p> : null}
      {page.campaigns.length === 0 ? (
        <EmptyState title={`No ${status ? campaignStatusLabel(status).toLowerCase() : ""} campaigns`}>
          <Link href={base} className="text-brand-700 underline">
            Show all campaigns
          </Link>
        </EmptyState>
      ) : (
        <Table caption="Campaigns">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Status</Th>
              <Th>Kind</Th>
              <Th>Channel</Th>
              <Th>Audience</Th>
              <Th className="text-right">Sent</Th>
              <Th className="text-right">Opened / clicked</Th>
              <Th>Last activity</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.campaigns.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`${base}/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.name}
                  </Link>
                </Td>
                <Td>
                  <CampaignStatusBadge status={c.status} />
                </Td>
                <Td>{KIND_NAMES[c.kind]}</Td>
                <Td>{CHANNEL_NAMES[c.channel]}</Td>
                <Td>
                  {c.segment ? (
                    <Link href={`/w/${slug}/segments/${c.segment.id}`} className="text-brand-700 hover:underline">
                      {c.segment.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="text-right tabular-nums" title={c.counts.asOf ? `As of ${formatDateTime(new Date(c.counts.asOf), ws.timezone)}` : undefined}>
                  {c.launchedAt ? formatNumber(c.counts.sent) : "—"}
                </Td>
                <Td className="text-right tabular-nums">{c.launchedAt ? `${formatNumber(c.counts.opened)} / ${formatNumber(c.counts.clicked)}` : "—"}</Td>
                <Td>{formatDateTime(new Date(c.lastActivityAt ?? c.updatedAt), ws.timezone)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex justify-between text-sm">
        {!firstPage ? (
          <Link href={withStatus(status)} className="text-brand-600 hover:underline">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link href={`${withStatus(status)}${status ? "&" : "?"}after=${encodeURIComponent(page.next)}`} className="text-brand-600 hover:underline" rel="next">
            More campaigns →
          </Link>
        ) : null}
      </div>
    </>
  );
}
