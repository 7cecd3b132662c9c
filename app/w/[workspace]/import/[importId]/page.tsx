import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/lib/next/or-not-found";
import { IMPORT_KINDS } from "@/lib/ingest/import-kinds";
import { loadImportPage } from "@/lib/ingest/imports/import-page-data";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { PageHeader } from "@/components/ui/page-header";
import { ImportProgress } from "./import-progress";
import { MappingEditor } from "./mapping-editor";
import { UnreadableUpload } from "./unreadable-upload";

export const metadata: Metadata = { title: "Import" };

export default async function ImportDetailPage({ params }: { params: Promise<{ workspace: string; importId: string }> }) {
  const { workspace: slug, importId } = await params;
  const access = await pageAccess(slug, "data.import");
  const ws = access.workspace;
  const id = await orNotFound(() => parseRouteId(importId, "Import"));
  const data = await orNotFound(() => loadImportPage(ws.id, id));
  const { summary } = data;
  const what = IMPORT_KINDS[summary.kind].plural;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/import`} className="text-brand-600 hover:underline">
          ← Data import
        </Link>
      </p>
      <PageHeader
        title={summary.fileName}
        description={`Import of ${what} · ${formatNumber(summary.totalRows)} rows · uploaded ${formatDateTime(new Date(summary.createdAt), ws.timezone)}`}
      />
      {data.step === "mapping" ? <MappingEditor slug={slug} initial={data.preview} /> : null}
      {data.step === "unreadable" ? <UnreadableUpload slug={slug} importId={summary.id} reason={data.reason} /> : null}
      {data.step === "progress" ? <ImportProgress slug={slug} initial={summary} initialErrors={data.errors} /> : null}
    </>
  );
}
