import { IMPORT_KINDS } from "@/lib/ingest/import-kinds";
import type { ImportPreview } from "@/lib/ingest/imports/preview-import";
import { formatNumber } from "@/lib/format";

/** The first rows as they will be imported: one column per mapped field, invalid cells in red with the reason. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const fields = preview.fields.filter((f) => preview.mapping[f.key] !== undefined);
  const showAttributes = IMPORT_KINDS[preview.kind].keepsAttributes && preview.attributeColumns.length > 0;
  const invalidRows = preview.rows.filter((r) => r.rowErrors.length > 0 || Object.values(r.cells).some((c) => c.error)).length;
  if (fields.length === 0) return <p className="text-sm text-slate-600">Map at least one column to see the preview.</p>;
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">
        First {preview.rows.length} rows as they will be imported.{" "}
        {invalidRows > 0 ? (
          <span className="font-medium text-red-700">
            {invalidRows} of them would be rejected (hover a red cell for the reason); the others import normally.
          </span>
        ) : (
          <span className="text-emerald-700">All of them are valid.</span>
        )}
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Import preview</caption>
          <thead>
            <tr>
              <th scope="col" className="bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-600">
                Line
              </th>
              {fields.map((f) => (
                <th key={f.key} scope="col" className="bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-600">
                  {f.label}
                  <span className="block font-normal text-slate-400">{preview.mapping[f.key]}</span>
                </th>
              ))}
              {showAttributes ? (
                <th scope="col" className="bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-600">
                  Attributes
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.map((row) => (
              <tr key={row.line} className={row.rowErrors.length ? "bg-red-50" : undefined}>
                <td className="px-3 py-1.5 tabular-nums text-slate-500">
                  {row.line}
                  {row.rowErrors.map((e) => (
                    <span key={e} className="block whitespace-normal text-xs text-red-700">
                      {e}
                    </span>
                  ))}
                </td>
                {fields.map((f) => {
                  const cell = row.cells[f.key];
                  if (!cell) return <td key={f.key} />;
                  return (
                    <td
                      key={f.key}
                      title={cell.error ? `${cell.raw || "(empty)"}: ${cell.error}` : cell.raw !== cell.value ? `In the file: ${cell.raw}` : undefined}
                      className={`max-w-xs truncate px-3 py-1.5 ${cell.error ? "bg-red-100 text-red-800" : ""}`}
                    >
                      {cell.error ? (
                        <>
                          <span className="line-through">{cell.raw || "(empty)"}</span>
                          <span className="block text-xs">{cell.error}</span>
                        </>
                      ) : (
                        (cell.value ?? <span className="text-slate-400">—</span>)
                      )}
                    </td>
                  );
                })}
                {showAttributes ? (
                  <td className="max-w-xs truncate px-3 py-1.5 text-xs text-slate-600">
                    {[...Object.entries(row.attributes).map(([k, v]) => `${k}: ${v}`), ...(row.moreAttributes > 0 ? [`+${formatNumber(row.moreAttributes)} more`] : [])].join(" · ") || "—"}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
