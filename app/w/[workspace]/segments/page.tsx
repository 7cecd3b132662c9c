import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { listSegments } from "@/lib/segments/list-segments";
import { SEGMENT_TEMPLATES } from "@/lib/segments/templates";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Segments" };

function TemplateGrid({ slug, canWrite }: { slug: string; canWrite: boolean }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label="Segment templates">
      {SEGMENT_TEMPLATES.map((t) => (
        <li key={t.key} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 text-left shadow-sm">
          <h3 className="text-sm font-semibold text-slate-800">{t.name}</h3>
          <p className="mt-1 flex-1 text-xs text-slate-600">{t.description}</p>
          {canWrite ? (
            <Link href={`/w/${slug}/segments/new?template=${encodeURIComponent(t.key)}`} className="mt-3 text-sm font-medium text-brand-700 hover:underline">
              Start from “{t.name}” →
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Archived segments stay readable (rules, size history, members as of the archiving) and can be restored from their page. */
function ArchivedSegments({ slug, segments, timeZone }: { slug: string; segments: { id: number; name: string; archivedAt: Date | null }[]; timeZone: string }) {
  if (segments.length === 0) return null;
  return (
    <details className="mt-8">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Archived segments ({formatNumber(segments.length)})</summary>
      <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {segments.map((s) => (
          <li key={s.id} className="flex justify-between px-3 py-2">
            <Link href={`/w/${slug}/segments/${s.id}`} className="font-medium text-brand-700 hover:underline">
              {s.name}
            </Link>
            <span className="text-slate-500">Archived {formatDateTime(s.archivedAt, timeZone)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export default async function SegmentsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "segments.read");
  const ws = access.workspace;
  const canWrite = can(access.role, "segments.write");
  const all = await listSegments(ws.id, { includeArchived: true });
  const segments = all.filter((s) => !s.archivedAt);
  const archived = all.filter((s) => s.archivedAt);
  const archivedList = <ArchivedSegments slug={slug} segments={archived} timeZone={ws.timezone} />;
  const newButton = canWrite ? (
    <Link href={`/w/${slug}/segments/new`} className={buttonClasses("primary")}>
      New segment
    </Link>
  ) : undefined;

  if (segments.length === 0) {
    return (
      <>
        <PageHeader title="Segments" description="Audiences built from RFM, predicted value, behaviour and customer attributes. Campaigns target them." />
        <EmptyState title="No segments yet" action={newButton}>
          Build one from scratch, or start from a template below and adjust its rules in the builder.
        </EmptyState>
        <h2 className="mb-3 mt-8 text-lg font-semibold">Templates</h2>
        <TemplateGrid slug={slug} canWrite={canWrite} />
        {archivedList}
      </>
    );
  }

  return (
    <>
      <PageHeader title="Segments" description={`${formatNumber(segments.length)} segments in ${ws.name}. Dynamic segments refresh every hour.`} actions={newButton} />
      <Table caption="Segments">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Kind</Th>
            <Th className="text-right">Size</Th>
            <Th>Last refresh</Th>
            <Th>Owner</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {segments.map((s) => (
            <tr key={s.id} className="hover:bg-slate-50">
              <Td>
                <Link href={`/w/${slug}/segments/${s.id}`} className="font-medium text-brand-700 hover:underline">
                  {s.name}
                </Link>
                {s.description ? <div className="max-w-md truncate text-xs text-slate-500">{s.description}</div> : null}
              </Td>
              <Td>
                <Badge tone={s.kind === "DYNAMIC" ? "blue" : "neutral"}>{s.kind === "DYNAMIC" ? "Dynamic" : "Static"}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{s.lastRefreshedAt ? formatNumber(s.size) : "—"}</Td>
              <Td>{s.lastRefreshedAt ? formatDateTime(s.lastRefreshedAt, ws.timezone) : <span className="text-slate-500">Waiting for first refresh</span>}</Td>
              <Td>{s.owner?.name ?? s.owner?.email ?? "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <details className="mt-8">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Start a new segment from a template</summary>
        <div className="mt-3">
          <TemplateGrid slug={slug} canWrite={canWrite} />
        </div>
      </details>
      {archivedList}
    </>
  );
}
