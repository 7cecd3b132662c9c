import { randomUUID } from "node:crypto";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";

/**
 * Small hand-built workspaces for the analytics tests. Each call makes a new
 * workspace with a unique slug, so tests can run in parallel against one database.
 */

export async function createWorkspace(options: { timezone?: string; settings?: unknown } = {}): Promise<number> {
  const slug = `an-${randomUUID().slice(0, 12)}`;
  const res = await pool.query<{ id: number }>(
    `INSERT INTO workspace (slug, name, timezone, settings) VALUES ($1, $1, $2, $3::jsonb) RETURNING id`,
    [slug, options.timezone ?? "UTC", JSON.stringify(options.settings ?? {})],
  );
  const row = res.rows[0];
  if (!row) throw new Error("workspace insert returned nothing");
  return row.id;
}

/** Customers by external id → database id (as a string, bigint-safe). */
export async function addCustomers(workspaceId: number, externalIds: readonly string[]): Promise<Map<string, string>> {
  const res = await pool.query<{ id: string; external_id: string }>(
    `INSERT INTO customer (workspace_id, external_id)
     SELECT $1, e FROM unnest($2::text[]) AS e
     RETURNING id::text, external_id`,
    [workspaceId, externalIds],
  );
  return new Map(res.rows.map((r) => [r.external_id, r.id]));
}

export interface OrderSpec {
  customer: string;
  placedAt: string;
  total: number;
  status?: string;
}

export async function addOrders(workspaceId: number, ids: Map<string, string>, orders: readonly OrderSpec[]): Promise<void> {
  const customerIds = orders.map((o) => {
    const id = ids.get(o.customer);
    if (!id) throw new Error(`unknown customer ${o.customer}`);
    return id;
  });
  await pool.query(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT $1, c, 'o-' || gen_random_uuid(), p, t, 'USD', s
       FROM unnest($2::bigint[], $3::timestamptz[], $4::numeric[], $5::text[]) AS u(c, p, t, s)`,
    [workspaceId, customerIds, orders.map((o) => o.placedAt), orders.map((o) => o.total), orders.map((o) => o.status ?? "completed")],
  );
}

const DAY_MS = 86_400_000;

/**
 * A workspace of BG/NBD-simulated buyers over the 500 days up to yesterday,
 * each order at noon UTC: a history the CLV fit converges on, for tests that
 * run the analytics jobs end to end. The same seed gives the same buyers.
 */
export async function createSimulatedWorkspace(customers: number, seed: number): Promise<number> {
  const lastDay = Math.floor(Date.now() / DAY_MS) - 1;
  const records = simulateBgNbdTransactions(
    { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
    { customers, firstDay: lastDay - 500, acquisitionDays: 400, lastDay, timeUnit: "day", seed, spend: { p: 6, q: 4, gamma: 15 } },
  );
  const workspaceId = await createWorkspace();
  const ids = await addCustomers(workspaceId, [...new Set(records.map((r) => r.customerId))]);
  await addOrders(
    workspaceId,
    ids,
    records.map((r) => ({ customer: r.customerId, placedAt: new Date(r.day * DAY_MS + 12 * 3600_000).toISOString(), total: r.amount ?? 10 })),
  );
  return workspaceId;
}

export interface MetricsRow {
  external_id: string;
  order_count: number;
  revenue: string;
  average_order_value: string | null;
  recency_days: number | null;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  rfm_segment: string | null;
  rfm_run_id: number | null;
  p_alive: number | null;
  expected_purchases_90d: number | null;
  expected_purchases_365d: number | null;
  predicted_clv_12m: number | null;
  churn_risk_band: string | null;
  clv_run_id: number | null;
}

export async function metricsByExternalId(workspaceId: number): Promise<Map<string, MetricsRow>> {
  const res = await pool.query<MetricsRow>(
    `SELECT c.external_id, m.order_count, m.revenue::text, m.average_order_value::text, m.recency_days,
            m.r_score, m.f_score, m.m_score, m.rfm_segment, m.rfm_run_id,
            m.p_alive, m.expected_purchases_90d, m.expected_purchases_365d, m.predicted_clv_12m, m.churn_risk_band, m.clv_run_id
       FROM customer_metrics m JOIN customer c ON c.id = m.customer_id
      WHERE m.workspace_id = $1`,
    [workspaceId],
  );
  return new Map(res.rows.map((r) => [r.external_id, r]));
}

/** A queued run row, as requestRecompute would create it (without touching the queue). */
export async function queueRun(workspaceId: number, kind: "rfm" | "clv", asOf: string): Promise<number> {
  const res = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, $2, 'QUEUED', 'manual', $3::jsonb) RETURNING id`,
    [workspaceId, kind, JSON.stringify({ asOf })],
  );
  const row = res.rows[0];
  if (!row) throw new Error("run insert returned nothing");
  return row.id;
}

export async function runRow(runId: number) {
  const res = await pool.query<{ status: string; progress: number; error: string | null; params: Record<string, unknown>; result: Record<string, unknown> }>(
    `SELECT status::text, progress, error, params, result FROM analytics_run WHERE id = $1`,
    [runId],
  );
  return res.rows[0];
}

/** ISO timestamp `days` days (and optional hours) before a base instant. */
export function daysBefore(base: string, days: number, hours = 0): string {
  return new Date(new Date(base).getTime() - (days * 24 + hours) * 3600 * 1000).toISOString();
}
