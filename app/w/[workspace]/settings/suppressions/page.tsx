import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from "@/lib/campaigns/policy/channel-kind-names";
import { countSuppressions } from "@/lib/campaigns/suppressions/count-suppressions";
import { MAX_SUPPRESSION_IMPORT_ROWS } from "@/lib/campaigns/suppressions/import-suppressions";
import { listSuppressions } from "@/lib/campaigns/suppressions/list-suppressions";
import { SUPPRESSION_REASON_LABELS } from "@/lib/campaigns/suppressions/suppression-labels";
import { formatSuppressionCursor, parseSuppressionListParams } from "@/lib/campaigns/suppressions/suppression-list-params";
import { SUPPRESSION_REASONS } from "@/lib/campaigns/suppressions/suppression.schema";
import { formatDateTime, formatNumber } from "@/lib/format";
import { MAX_IMPORT_BYTES } from "@/lib/ingest/imports/limits";
import { pageAccess } from "@/lib/next/page-access";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AddSuppressionForm } from "./add-suppression-form";
import { ImportSuppressionsForm } from "./import-suppressions-form";
import { SuppressionTable } from "./suppression-table";

export const metadata: Metadata = { title: "Suppressions" };

export default async function SuppressionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ channel?: string | string[]; q?: string | string[]; after?: string | string[] }>;
}) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const canChange = can(access.role, "settings.manage");
  const { channel, query, after, problem } = parseSuppressionListParams(await searchParams);
  const workspaceId = access.workspace.id;
  const [counts, page] = await Promise.all([
    countSuppressions(workspaceId, channel),
    problem ? Promise.resolve({ rows: [], nextCursor: null }) : listSuppressions({ workspaceId, channel, query, after }),
  ]);
  const base = `/w/${slug}/settings/suppressions`;
  const filters = { ...(channel ? { channel } : {}), ...(query ? { q: query } : {}) };
  const link = (extra: Record<string, string> = {}) => {
    const search = new URLSearchParams({ ...filters, ...extra }).toString();
    return search ? `${base}?${search}` : base;
  };
  const shown = channel ? counts.byChannel[channel] : counts.total;
  const where = channel ? `the ${CHANNEL_KIND_NAMES[channel]} list` : "the list";

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Suppressions"
        description={`Addresses no campaign in ${access.workspace.name} sends to, per channel. Hard bounces, spam complaints and unsubscribes land here by themselves; campaigns skip these addresses when they plan and again just before each send.`}
        actions={
          <a href={`/api/w/${encodeURIComponent(slug)}/suppressions/export${channel ? `?channel=${channel}` : ""}`} className={buttonClasses("secondary")} download>
            Export {channel ? CHANNEL_KIND_NAMES[channel] : "all"} as CSV
          </a>
        }
      />

      <section aria-label="Counts by reason" className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{channel ? CHANNEL_KIND_NAMES[channel] : "All channels"}</div>
          <div className="mt-1 text-xl font-semibold tabular-nums">{formatNumber(shown)}</div>
        </div>
        {SUPPRESSION_REASONS.map((reason) => (
          <div key={reason} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{SUPPRESSION_REASON_LABELS[reason]}</div>
            <div className="mt-1 text-xl font-semibold tabular-nums">{formatNumber(counts.byReason[reason])}</div>
          </div>
        ))}
      </section>

      <form action={base} method="get" className="mb-4 flex flex-wrap gap-2" role="search">
        <label>
          <span className="sr-only">Channel</span>
          <select name="channel" defaultValue={channel ?? ""} className="rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm">
            <option value="">All channels ({formatNumber(counts.total)})</option>
            {CHANNEL_KINDS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_KIND_NAMES[c]} ({formatNumber(counts.byChannel[c])})
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-64 flex-1">
          <span className="sr-only">Address starts with</span>
          <input
            name="q"
            defaultValue={query}
            placeholder="Address starts with… (email ignores case; phone numbers by their digits)"
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
          />
        </label>
        <button type="submit" className={buttonClasses("secondary")}>
          Show
        </button>
        {channel || query ? (
          <Link href={base} className={buttonClasses("ghost")}>
            Clear
          </Link>
        ) : null}
      </form>

      {problem ? (
        <EmptyState title="This search cannot run">{problem}</EmptyState>
      ) : page.rows.length > 0 ? (
        <SuppressionTable
          slug={slug}
          canRemove={canChange}
          rows={page.rows.map((r) => ({
            channel: r.channel,
            address: r.address,
            reason: r.reason,
            note: r.note,
            addedAt: formatDateTime(r.createdAt, access.workspace.timezone),
            addedBy: r.createdBy ? r.createdBy.name : null,
          }))}
        />
      ) : shown === 0 && !after ? (
        <EmptyState title={channel ? `No ${CHANNEL_KIND_NAMES[channel]} address is suppressed` : "No address is suppressed yet"}>
          Addresses appear here when a message hard-bounces, a customer complains or unsubscribes.{" "}
          {canChange ? "To stop campaigns reaching someone now, add their address below or import a CSV." : "Admins can add addresses by hand or import a list."}
        </EmptyState>
      ) : (
        <EmptyState title="Nothing matches">
          {query ? `No address on ${where} starts with “${query}”.` : `No more addresses on ${where}.`}{" "}
          <Link href={base} className="text-brand-600 hover:underline">
            Show the whole list
          </Link>
        </EmptyState>
      )}

      <div className="mt-4 flex justify-between text-sm">
        {after ? (
          <Link href={link()} className="text-brand-600 hover:underline">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link href={link({ after: formatSuppressionCursor(page.nextCursor) })} className="text-brand-600 hover:underline" rel="next">
            Next page →
          </Link>
        ) : null}
      </div>

      {canChange ? (
        <div className="mt-8 space-y-6">
          <Card title="Add an address">
            <AddSuppressionForm slug={slug} />
          </Card>
          <Card title="Import a list">
            <ImportSuppressionsForm slug={slug} maxRows={MAX_SUPPRESSION_IMPORT_ROWS} maxBytes={MAX_IMPORT_BYTES} />
          </Card>
        </div>
      ) : (
        <p className="mt-8 text-sm text-slate-500">Only admins add, import or remove suppressions, because removing one can reach people who asked not to be contacted.</p>
      )}
    </>
  );
}
