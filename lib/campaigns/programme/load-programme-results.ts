import { pool } from "../../db/pool.ts";
import { AppError } from "../../errors.ts";
import { loadGlobalControl } from "../experiments/global-control.ts";
import { programmeResults, type ProgrammeGroupSums, type ProgrammeResults } from "./programme-results.ts";

export interface ProgrammeResultsView extends ProgrammeResults {
  from: string;
  to: string;
  currency: string;
  timezone: string;
  globalControlPercent: number;
  /** When the programme.refresh job last rewrote the sums; null before its first pass. */
  refreshedAt: string | null;
  /** The last day the sums cover (the day of the last refresh in the workspace's zone). */
  countedThrough: string | null;
}

type GroupRow = { in_control: boolean; first_members: number; later_entries: number; converters: number; buyer_days: number; orders: number; revenue: string; revenue_sq: string };

/**
 * The programme over the days `from`–`to` (workspace calendar days, both
 * included), read from the per-day sums the programme.refresh job keeps
 * (programme_day, programme_link) for the membership epoch of the period's
 * first day: two rows per day and the period's links, never orders or
 * customers. Each customer counts in their group as of the period's first
 * day (intention to treat).
 */
export async function loadProgrammeResults(workspaceId: number, from: string, to: string): Promise<ProgrammeResultsView> {
  const [ws, state, groups, settings] = await Promise.all([
    pool.query<{ currency: string; timezone: string }>(`SELECT currency, timezone FROM workspace WHERE id = $1`, [workspaceId]),
    pool.query<{ refreshed_at: Date; last_day: string | null }>(`SELECT refreshed_at, last_day::text FROM programme_state WHERE workspace_id = $1`, [workspaceId]),
    pool.query<GroupRow>(
      `WITH epoch AS (
         -- The epoch the period's first day falls in (the first one for a period that starts before anything was counted).
         SELECT coalesce((SELECT max(epoch_start) FROM programme_day WHERE workspace_id = $1 AND epoch_start <= $2::date),
                         (SELECT min(epoch_start) FROM programme_day WHERE workspace_id = $1)) AS start
       ),
       first_day AS (
         SELECT min(d.day) AS day FROM programme_day d, epoch WHERE d.workspace_id = $1 AND d.epoch_start = epoch.start AND d.day BETWEEN $2::date AND $3::date
       ),
       days AS (
         SELECT d.in_control,
                sum(d.members) FILTER (WHERE d.day = f.day)::int AS first_members,
                coalesce(sum(d.entries) FILTER (WHERE d.day > f.day), 0)::int AS later_entries,
                sum(d.buyers)::int AS buyer_days, sum(d.orders)::int AS orders, sum(d.revenue)::text AS revenue, sum(d.revenue_sq)::text AS revenue_sq
           FROM programme_day d, first_day f, epoch
          WHERE d.workspace_id = $1 AND d.epoch_start = epoch.start AND d.day BETWEEN $2::date AND $3::date
          GROUP BY d.in_control
       ),
       converters AS (
         SELECT l.in_control, sum(l.customers)::int AS converters FROM programme_link l, epoch
          WHERE l.workspace_id = $1 AND l.epoch_start = epoch.start AND l.day BETWEEN $2::date AND $3::date AND l.previous_day < $2::date
          GROUP BY l.in_control
       )
       SELECT d.*, coalesce(c.converters, 0) AS converters FROM days d LEFT JOIN converters c USING (in_control)`,
      [workspaceId, from, to],
    ),
    loadGlobalControl(pool, workspaceId),
  ]);
  const w = ws.rows[0];
  if (!w) throw new AppError("NOT_FOUND", "No such workspace");
  const sums = (inControl: boolean): ProgrammeGroupSums => {
    const r = groups.rows.find((g) => g.in_control === inControl);
    if (!r) return { customers: 0, converters: 0, buyerDays: 0, orders: 0, revenue: 0, revenueSq: 0 };
    return {
      customers: (r.first_members ?? 0) + r.later_entries,
      converters: r.converters,
      buyerDays: r.buyer_days,
      orders: r.orders,
      revenue: Number(r.revenue),
      revenueSq: Number(r.revenue_sq),
    };
  };
  const currency = w.currency.trim();
  const results = programmeResults(sums(true), sums(false), settings.percent, currency);
  const s = state.rows[0];
  return {
    ...results,
    from,
    to,
    currency,
    timezone: w.timezone,
    globalControlPercent: settings.percent,
    refreshedAt: s ? s.refreshed_at.toISOString() : null,
    countedThrough: s?.last_day ?? null,
  };
}
