import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { getGlobalControlView } from "@/lib/campaigns/experiments/global-control-view";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { GlobalControlForm } from "./global-control-form";

export const metadata: Metadata = { title: "Experiments" };

export default async function ExperimentsSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const canEdit = can(access.role, "settings.manage");
  const view = await getGlobalControlView(access.workspace.id);
  const tz = access.workspace.timezone;
  const lastSaved = view.lastSaved
    ? `Last changed ${formatDateTime(view.lastSaved.at, access.workspace.timezone)}${view.lastSaved.by ? ` by ${view.lastSaved.by.name} (${view.lastSaved.by.email})` : " by a former member"}.`
    : "Nobody has changed it yet: this is the default.";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Experiments"
        description={`Every campaign in ${access.workspace.name} holds out its own control group. The global control group is held out of all of them (except campaigns marked exempt), so the effect of the whole programme can be measured against customers who received none of it.`}
      />
      <Card title="Global control group">
        <p className="mb-1 text-sm text-slate-700">
          {view.percent === 0 ? "Off: every customer can be reached by campaigns." : `${view.percent} % of customers, chosen at random by their id: ${formatNumber(view.members)} customers now.`}
        </p>
        <p className="mb-4 text-xs text-slate-500">{lastSaved} Who was in the group and when is kept, so results can be read for any period.</p>
        {view.change ? (
          <p
            role="status"
            data-testid="global-control-change"
            className={`mb-4 rounded-md border px-3 py-2 text-sm ${view.change.state === "failed" ? "border-red-300 bg-red-50 text-red-900" : view.change.state === "done" ? "border-slate-200 bg-slate-50 text-slate-700" : "border-sky-200 bg-sky-50 text-sky-900"}`}
          >
            {view.change.state === "queued"
              ? `Changing to ${view.change.percent} %: queued ${formatDateTime(view.change.requestedAt, tz)}, waiting for a worker.`
              : view.change.state === "running"
                ? `Changing to ${view.change.percent} %: moving customers now (asked ${formatDateTime(view.change.requestedAt, tz)}).`
                : view.change.state === "done"
                  ? `The change to ${view.change.percent} % was applied ${formatDateTime(view.change.finishedAt, tz)}: ${formatNumber(view.change.joined ?? 0)} customers joined the group and ${formatNumber(view.change.left ?? 0)} left it.`
                  : `The change to ${view.change.percent} % failed ${formatDateTime(view.change.finishedAt, tz)}: ${view.change.error ?? "unknown error"} Nothing was changed.`}
          </p>
        ) : null}
        {canEdit ? (
          <GlobalControlForm slug={slug} percent={view.percent} pending={view.change?.state === "queued" || view.change?.state === "running"} />
        ) : (
          <p className="text-sm text-slate-600">Only admins change the global control group.</p>
        )}
      </Card>
    </>
  );
}
