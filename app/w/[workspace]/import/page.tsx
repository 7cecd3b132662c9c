import type { Metadata } from "next";
import Link from "next/link";
import { IMPORT_KINDS } from "@/lib/ingest/import-kinds";
import { listImports } from "@/lib/ingest/imports/get-import";
import { MAX_COLUMNS, MAX_IMPORT_BYTES } from "@/lib/ingest/imports/limits";
import { formatDateTime, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { ImportStatusBadge } from "./status-badge";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Data import" };

export default async function ImportPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "data.import");
  const ws = access.workspace;
  const imports = await listImports(ws.id);

  return (
    <>
      <PageHeader
        title="Data import"
        description="Upload customers, orders, products or order lines as CSV. Rows are matched on their ID: importing a file again updates what changed and never duplicates anything."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Upload a CSV file" className="lg:col-span-2">
          <UploadForm slug={slug} maxBytes={MAX_IMPORT_BYTES} maxColumns={MAX_COLUMNS} />
        </Card>
        <Card title="Good to know">
          <ul className="list-disc space-y-2 pl-4 text-sm text-slate-600">
            <li>Import customers first if you have them; orders for customers we have not seen create a customer with just the ID, filled in by a later customer import.</li>
            <li>
              Order lines name an order and a product by their IDs: import orders and products first. A line naming one we do not have is listed as a rejected row
              (nothing else is held back).
            </li>
            <li>Empty cells never erase stored values.</li>
            <li>Dates without a time zone are read in the workspace time zone ({ws.timezone}); orders without a currency use {ws.currency}.</li>
            <li>
              To send data continuously, use the REST API with an API key (<code>/api/v1</code>,{" "}
              <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
                OpenAPI
              </a>
              ).
            </li>
          </ul>
        </Card>
      </div>

      <h2 className="mb-3 mt-8 text-lg font-semibold">Import history</h2>
      {imports.length === 0 ? (
        <EmptyState title="No imports yet">Upload a customers, orders, products or order lines CSV above; its progress and any rejected rows will be listed here.</EmptyState>
      ) : (
        <Table caption="Import history">
          <thead>
            <tr>
              <Th>File</Th>
              <Th>Type</Th>
              <Th>Status</Th>
              <Th className="text-right">Rows</Th>
              <Th className="text-right">New</Th>
              <Th className="text-right">Updated</Th>
              <Th className="text-right">Rejected</Th>
              <Th>Uploaded</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {imports.map((i) => (
              <tr key={i.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/w/${slug}/import/${i.id}`} className="font-medium text-brand-700 hover:underline">
                    {i.fileName}
                  </Link>
                </Td>
                <Td>{IMPORT_KINDS[i.kind].label}</Td>
                <Td>
                  <ImportStatusBadge summary={i} />
                </Td>
                <Td className="text-right tabular-nums">{formatNumber(i.totalRows)}</Td>
                <Td className="text-right tabular-nums">{i.draft ? "—" : formatNumber(i.insertedRows)}</Td>
                <Td className="text-right tabular-nums">{i.draft ? "—" : formatNumber(i.updatedRows)}</Td>
                <Td className={`text-right tabular-nums ${i.errorCount > 0 ? "text-red-700" : ""}`}>{i.draft ? "—" : formatNumber(i.errorCount)}</Td>
                <Td>{formatDateTime(new Date(i.createdAt), ws.timezone)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
