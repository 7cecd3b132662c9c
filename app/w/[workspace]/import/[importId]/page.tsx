import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/lib/next/or-not-found";
import { getImport, getImportErrors } from "@/lib/ingest/imports/get-import";
import { previewImport } from "@/lib/ingest/imports/preview-import";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { parseRouteId } from "@/lib/route-id";
import { PageHeader } from "@/components/ui/page-header";
import { ImportProgress } from "./import-progress";
import { MappingEditor } from "./mapping-editor";

export const metadata: Metadata = { title: "Import" };

const ERRORS_SHOWN = 100;

export default async function ImportDetailPage({ params }: { params: Promise<{ workspace: string; importId: string }> }) {
  const { workspace: slug, importId } = await params;
  const access = await pageAccess(slug, "data.import");
  const ws = access.workspace;
  const id = await orNotFound(() => parseRouteId(importId, "Import"));
  const summary = await orNotFound(() => getImport(ws.id, id));
  const what = summary.kind === "CUSTOMERS" ? "customers" : "orders";

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
      {summary.draft ? (
        <MappingEditor slug={slug} initial={await previewImport(ws.id, id)} />
      ) : (
        <ImportProgress slug={slug} initial={summary} initialErrors={await getImportErrors(ws.id, id, ERRORS_SHOWN)} />
      )}
    </>
  );
}
