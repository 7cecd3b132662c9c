import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { storedScheduleSchema } from "@/lib/campaigns/campaign.schema";
import type { CampaignDetail } from "@/lib/campaigns/campaign-views";
import { describePolicy, describeSchedule } from "@/lib/campaigns/describe-campaign";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { describeExperiment } from "@/lib/campaigns/experiments/describe-experiment";
import { loadContactPolicy } from "@/lib/campaigns/policy/contact-policy";
import { MESSAGE_REASONS, type MessageReason } from "@/lib/campaigns/policy/reasons";
import { formatDateTime, formatNumber } from "@/lib/format";
import { orNotFound } from "@/lib/next/or-not-found";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { CampaignStatusBadge } from "@/components/campaigns/status-badge";
import { Card, Stat } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AutoRefresh } from "./auto-refresh";
import { CampaignControls } from "./campaign-controls";
import { MessageLog } from "./message-log";
import { SendsChart } from "./sends-chart";

export const metadata: Metadata = { title: "Campaign" };

const CHANNEL_NAMES = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" } as const;

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** "Schedule" for a broadcast whose time is still ahead; everything else launches. */
function launchVerb(campaign: CampaignDetail): "Launch" | "Schedule" {
  const parsed = storedScheduleSchema.safeParse(campaign.schedule);
  if (!parsed.success || !("broadcast" in parsed.data)) return "Launch";
  const b = parsed.data.broadcast;
  return b.mode === "at" && new Date(b.at).getTime() > Date.now() ? "Schedule" : b.mode === "local" ? "Schedule" : "Launch";
}

function TemplateSummary({ campaign }: { campaign: CampaignDetail }) {
  const c = campaign.content;
  if (c.channel === "email") {
    return (
      <dl className="space-y-1 text-sm">
        <div>
          <dt className="inline text-slate-500">Subject: </dt>
          <dd className="inline font-mono text-xs">{c.subject}</dd>
        </div>
        {c.preheader ? (
          <div>
            <dt className="inline text-slate-500">Preheader: </dt>
            <dd className="inline font-mono text-xs">{c.preheader}</dd>
          </div>
        ) : null}
      </dl>
    );
  }
  return <pre className="max-h-40 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-2 font-mono text-xs">{c.channel === "sms" ? c.text : c.payload}</pre>;
}

export default async function CampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; campaignId: string }>;
  searchParams: Promise<{ status?: string | string[]; customer?: string | string[]; after?: string | string[] }>;
}) {
  const { workspace: slug, campaignId: raw } = await params;
  const query = await searchParams;
  const access = await pageAccess(slug, "campaigns.read");
  const ws = access.workspace;
  const campaignId = await orNotFound(() => parseRouteId(raw, "Campaign"));
  const [campaign, policy] = await Promise.all([orNotFound(() => getCampaign(ws.id, campaignId)), loadContactPolicy(ws.id)]);
  const counts = campaign.counts;
  const canWrite = can(access.role, "campaigns.write");
  const canApprove = can(access.role, "campaigns.approve");
  const sending = campaign.status === "active" || campaign.status === "scheduled";
  const reasons = Object.entries(counts.reasons).sort((a, b) => b[1] - a[1]);

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/campaigns`} className="text-brand-600 hover:underline">
          ← Campaigns
        </Link>
      </div>
      <PageHeader
        title={campaign.name}
        description={
          <>
            <span className="mr-2 inline-flex gap-1 align-middle">
              <CampaignStatusBadge status={campaign.status} />
            </span>
            {CHANNEL_NAMES[campaign.channel]} {campaign.kind === "triggered" ? "triggered campaign" : campaign.kind === "recurring" ? "recurring campaign" : "broadcast"}.{" "}
            {describeSchedule(campaign.schedule, campaign.segment?.name ?? "", ws.timezone)}
          </>
        }
        actions={
          <CampaignControls
            slug={slug}
            campaignId={campaignId}
            name={campaign.name}
            status={campaign.status}
            canWrite={canWrite}
            canApprove={canApprove}
            waitingForApproval={policy.requireApproval && campaign.status === "draft" && !canApprove}
            launchVerb={launchVerb(campaign)}
            triggered={campaign.kind === "triggered"}
          />
        }
      />

      {campaign.launchedAt ? (
        <>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
            <p>
              {counts.asOf
                ? `Counts as of ${formatDateTime(new Date(counts.asOf), ws.timezone)}; refreshed every 15 s while the campaign sends.`
                : "Counts appear within a few seconds of the launch."}{" "}
              Launched {formatDateTime(new Date(campaign.launchedAt), ws.timezone)}
              {campaign.completedAt ? `, completed ${formatDateTime(new Date(campaign.completedAt), ws.timezone)}` : ""}.
            </p>
            <AutoRefresh active={sending} />
          </div>
          <section aria-label="Counts" className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4 xl:grid-cols-7">
            <Stat label="Sent" value={formatNumber(counts.sent)} />
            <Stat label="Waiting" value={formatNumber(counts.queued + counts.sending)} hint="Queued or being sent" />
            <Stat label="Failed" value={formatNumber(counts.failed)} />
            <Stat label="Skipped" value={formatNumber(counts.skipped)} />
            <Stat label="Held out" value={formatNumber(counts.heldOut)} hint="Control group: not sent, so the effect can be measured" />
            <Stat label="Opened" value={formatNumber(counts.opened)} hint="By a person (machine opens left out)" />
            <Stat label="Clicked" value={formatNumber(counts.clicked)} />
          </section>
        </>
      ) : (
        <p className="mb-6 rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-600">
          {campaign.status === "archived"
            ? "This campaign was archived before it was launched."
            : canWrite
              ? "Not launched yet. Launch shows first how many of the segment would be sent, wait or be skipped, and why."
              : "Not launched yet."}
        </p>
      )}

      <div className="mb-6 grid gap-6 lg:grid-cols-3">
        <Card title="Sent and failed per hour" className="lg:col-span-2">
          <SendsChart series={campaign.series} timeZone={ws.timezone} />
        </Card>
        <Card title="Not sent, by reason">
          {reasons.length === 0 ? (
            <p className="text-sm text-slate-600">{campaign.launchedAt ? "None so far." : "Shown after launch."}</p>
          ) : (
            <ul className="space-y-2 text-sm" aria-label="Not sent, by reason">
              {reasons.map(([reason, n]) => (
                <li key={reason} className="flex justify-between gap-3">
                  <span>{Object.hasOwn(MESSAGE_REASONS, reason) ? MESSAGE_REASONS[reason as MessageReason] : reason}</span>
                  <span className="tabular-nums">{formatNumber(n)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <div className="mb-8 grid gap-6 lg:grid-cols-2">
        <Card title="Message">
          <TemplateSummary campaign={campaign} />
        </Card>
        <Card title="Policy">
          <ul className="list-inside list-disc text-sm text-slate-700">
            {describePolicy(campaign.policy).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-500">
            Also applies the workspace&apos;s contact policy (frequency cap, quiet hours{policy.requireApproval ? ", approval before the first send" : ""}).
            {campaign.approvedAt ? ` Approved ${formatDateTime(new Date(campaign.approvedAt), ws.timezone)}.` : ""}
          </p>
        </Card>
        <Card title="Experiment">
          {campaign.experiment.warnings.map((w) => (
            <p key={w} role="status" className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {w}
            </p>
          ))}
          <ul className="list-inside list-disc text-sm text-slate-700">
            {describeExperiment(campaign.experiment).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-500">Results per arm are counted by a background job every 10 minutes while orders can still fall in a window.</p>
          <Link href={`/w/${slug}/campaigns/${campaignId}/results`} className="mt-2 inline-block text-sm text-brand-600 hover:underline">
            See results →
          </Link>
        </Card>
      </div>

      <MessageLog slug={slug} workspaceId={ws.id} campaignId={campaignId} timeZone={ws.timezone} query={{ status: one(query.status), customer: one(query.customer), after: one(query.after) }} />
    </>
  );
}
