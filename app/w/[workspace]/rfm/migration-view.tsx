import type { KeptRfmRun, MigrationMatrix } from "@/lib/analytics/rfm/migration-matrix";
import { formatDateTime, formatNumber } from "@/lib/format";
import { ExportLink } from "@/components/analytics/export-link";
import { Card } from "@/components/ui/card";

const NOT_SCORED = "Not scored";
const label = (s: string | null) => s ?? NOT_SCORED;

export function runLabel(run: KeptRfmRun, timeZone: string): string {
  return `Run ${run.id}${run.asOf ? ` (as of ${formatDateTime(new Date(run.asOf), timeZone)})` : ""}`;
}

/**
 * Two kept RFM runs to compare (a plain GET form, so the choice is in the
 * address and works without scripts) and the segment-to-segment matrix
 * between them.
 */
export function MigrationView(props: {
  slug: string;
  keptRuns: KeptRfmRun[];
  from: number | null;
  to: number | null;
  matrix: MigrationMatrix | null;
  unavailable: string | null;
  timeZone: string;
}) {
  const { matrix, keptRuns, timeZone } = props;
  return (
    <Card
      title="Segment migration between two runs"
      className="xl:col-span-3"
      actions={matrix ? <ExportLink slug={props.slug} page="rfm" table="migration" query={{ from: String(matrix.fromRunId), to: String(matrix.toRunId) }} /> : null}
    >
      {keptRuns.length < 2 ? (
        <p className="text-sm text-slate-600">Moves need two RFM runs with kept snapshots; there is {keptRuns.length === 1 ? "one" : "none"} so far. The next run (nightly, after an import, or “Recompute now”) makes the comparison possible.</p>
      ) : (
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Choose two runs">
          <label className="flex flex-col text-xs text-slate-600">
            From run
            <select name="from" defaultValue={props.from ?? undefined} className="rounded border border-slate-300 px-2 py-1 text-sm">
              {keptRuns.map((r) => (
                <option key={r.id} value={r.id}>
                  {runLabel(r, timeZone)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            To run
            <select name="to" defaultValue={props.to ?? undefined} className="rounded border border-slate-300 px-2 py-1 text-sm">
              {keptRuns.map((r) => (
                <option key={r.id} value={r.id}>
                  {runLabel(r, timeZone)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-blue-600 px-3 py-1 text-sm text-white">
            Compare
          </button>
        </form>
      )}
      <p className="mb-3 text-xs text-slate-500">
        Runs can be compared only while their snapshots are kept ({formatNumber(keptRuns.length)} runs now); each run deletes older snapshots. An admin sets how
        many are kept in Analytics settings. Scores are quantiles of all buyers, so a customer who did nothing can still move: others&apos; new orders shift the
        cut points, and recency grows by the days between runs (docs/rfm.md).
      </p>
      {props.unavailable ? <p className="text-sm text-amber-800">{props.unavailable}</p> : null}
      {matrix ? <MatrixTable matrix={matrix} timeZone={timeZone} /> : null}
    </Card>
  );
}

function MatrixTable({ matrix, timeZone }: { matrix: MigrationMatrix; timeZone: string }) {
  const order = (values: (string | null)[]) => [...new Set(values)].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  const froms = order(matrix.cells.map((c) => c.from));
  const tos = order(matrix.cells.map((c) => c.to));
  const count = new Map(matrix.cells.map((c) => [`${label(c.from)}\u0000${label(c.to)}`, c.customers]));
  const moved = matrix.cells.filter((c) => c.from !== c.to).reduce((t, c) => t + c.customers, 0);
  const total = matrix.cells.reduce((t, c) => t + c.customers, 0);
  const fromRun = matrix.keptRuns.find((r) => r.id === matrix.fromRunId);
  const toRun = matrix.keptRuns.find((r) => r.id === matrix.toRunId);
  return (
    <>
      <p className="mb-2 text-sm text-slate-700" data-testid="migration-summary">
        {fromRun ? runLabel(fromRun, timeZone) : `Run ${matrix.fromRunId}`} → {toRun ? runLabel(toRun, timeZone) : `Run ${matrix.toRunId}`}:{" "}
        {formatNumber(moved)} of {formatNumber(total)} customers changed segment (including customers scored in only one of the two runs).
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-right text-xs tabular-nums">
          <caption className="sr-only">Customers per segment at the first run (rows) and at the second run (columns)</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1 text-left text-slate-500">
                From \ To
              </th>
              {tos.map((t) => (
                <th key={label(t)} scope="col" className="p-1 font-semibold text-slate-600">
                  {label(t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {froms.map((f) => (
              <tr key={label(f)}>
                <th scope="row" className="p-1 text-left font-semibold text-slate-600">
                  {label(f)}
                </th>
                {tos.map((t) => {
                  const n = count.get(`${label(f)}\u0000${label(t)}`) ?? 0;
                  return (
                    <td key={label(t)} className={`p-1 ${f === t ? "bg-slate-100 font-semibold" : ""}`}>
                      {n === 0 ? "·" : formatNumber(n)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-500">Shaded diagonal: customers who stayed in their segment. “Not scored”: no counted order at that run (a new buyer since, or data deleted).</p>
    </>
  );
}
