import { z } from "zod";
import { AppError } from "../../errors.ts";
import { latestRfmRunIds, rfmMigrationMatrix } from "../rfm/migration-matrix.ts";
import { LTV_TABLES, OVERVIEW_TABLES, RFM_TABLES, ltvCsv, migrationCsv, overviewCsv, rfmCsv, type LtvTable, type OverviewTable, type RfmTable } from "./dashboard-csv.ts";
import { getLtvDashboard } from "./ltv-dashboard.ts";
import { getWorkspaceOverview } from "./overview.ts";
import { parsePeriod } from "./period.ts";
import { getRfmDashboard } from "./rfm-dashboard.ts";

/**
 * The dashboard CSV downloads: parse the query (a 422 naming the parameter),
 * read the same stored aggregates as the page, and yield the lines. Every
 * table is bounded (at most a few hundred rows), so it is read whole, in one
 * snapshot, before the first line goes out.
 */
interface ExportWorkspace {
  id: number;
  timezone: string;
}

const one = (params: URLSearchParams, name: string): string | undefined => {
  const all = params.getAll(name);
  if (all.length > 1) throw invalid(name, `${name} may be given once`);
  return all[0];
};

function invalid(path: string, message: string): AppError {
  return new AppError("VALIDATION", message, [{ path, message }]);
}

function tableParam<T extends readonly [string, ...string[]]>(params: URLSearchParams, tables: T): T[number] {
  const raw = one(params, "table");
  const parsed = z.enum(tables).safeParse(raw);
  if (!parsed.success) throw invalid("table", `table must be one of ${tables.join(", ")}`);
  return parsed.data;
}

export function parseLtvTable(params: URLSearchParams): LtvTable {
  return tableParam(params, LTV_TABLES);
}

export function parseRfmTable(params: URLSearchParams): RfmTable {
  return tableParam(params, RFM_TABLES);
}

export function parseOverviewTable(params: URLSearchParams): OverviewTable {
  return tableParam(params, OVERVIEW_TABLES);
}

export async function* exportLtvCsv(ws: ExportWorkspace, table: LtvTable, signal?: AbortSignal): AsyncGenerator<string> {
  yield* ltvCsv(await getLtvDashboard(ws.id, signal), table);
}

/** RFM tables; the migration takes `from` and `to` (kept run ids; default the last two runs). */
export async function* exportRfmCsv(ws: ExportWorkspace, table: RfmTable, params: URLSearchParams, signal?: AbortSignal): AsyncGenerator<string> {
  if (table !== "migration") {
    yield* rfmCsv(await getRfmDashboard(ws.id, signal), table);
    return;
  }
  const runId = (name: string) => {
    const raw = one(params, name);
    if (raw === undefined) return undefined;
    if (!/^\d{1,10}$/.test(raw)) throw invalid(name, `${name} must be an RFM run id (a positive whole number)`);
    return Number(raw);
  };
  let from = runId("from");
  let to = runId("to");
  if (from === undefined || to === undefined) {
    const [latest, previous] = await latestRfmRunIds(ws.id);
    from ??= previous;
    to ??= latest;
  }
  if (from === undefined || to === undefined) throw new AppError("NOT_FOUND", "Segment moves need two successful RFM runs; this workspace has fewer.");
  if (from === to) throw invalid("to", "from and to must be two different runs");
  yield* migrationCsv(await rfmMigrationMatrix(ws.id, from, to), ws.timezone);
}

/** Overview tables for the period of the page (`period`, and `from`/`to` for a custom one). */
export async function* exportOverviewCsv(ws: ExportWorkspace, table: OverviewTable, params: URLSearchParams, signal?: AbortSignal): AsyncGenerator<string> {
  const period = parsePeriod({ period: one(params, "period"), from: one(params, "from"), to: one(params, "to") }, ws.timezone);
  yield* overviewCsv(await getWorkspaceOverview(ws.id, period, signal), table);
}
