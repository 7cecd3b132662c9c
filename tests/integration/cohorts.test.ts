import { beforeAll, describe, expect, it } from "vitest";
import { createCohortCellSegment } from "../../lib/analytics/cohorts/cohort-cell-segment.ts";
import type { CohortMetric, CohortPeriod } from "../../lib/analytics/cohorts/cohort-query.schema.ts";
import { readCohortMatrix, type CohortMatrixView } from "../../lib/analytics/cohorts/read-cohorts.ts";
import { refreshCohorts } from "../../lib/analytics/cohorts/refresh-cohorts.ts";
import { bgNbdExpectedPurchasesNewCustomer } from "../../lib/analytics/btyd/bg-nbd.ts";
import { pool } from "../../lib/db/pool.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { createWorkspace } from "./analytics-fixtures.ts";

/**
 * The cohort matrix against an independent recomputation from the raw orders
 * in TypeScript (Intl for local dates, not Postgres' AT TIME ZONE), in a
 * Berlin workspace whose orders straddle three daylight-saving changes and
 * sit next to local midnights and month ends, where a UTC or fixed-offset
 * computation would put them in the wrong period.
 */

const TZ = "Europe/Berlin";
const AS_OF = new Date("2026-11-20T12:00:00Z");
const CATEGORIES = ["shoes", "bags", "hats"];
const CHANNELS = ["email", "ads", null];
const COUNTRIES = ["DE", "FR", null];
const BG_PARAMS = { r: 0.8, alpha: 40, a: 0.6, b: 2.4 };

interface GenOrder {
  placedAt: Date;
  cents: number;
  status: string;
  categories: string[];
}
interface GenCustomer {
  id: string;
  channel: string | null;
  country: string | null;
  orders: GenOrder[];
}

/** Park-Miller: the same data on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/** Instants near DST changes and month ends in Berlin, in UTC. */
const EDGE_INSTANTS = [
  "2025-10-26T00:30:00Z", // 02:30 CEST, just before the autumn change
  "2025-10-31T23:30:00Z", // 1 Nov 00:30 CET: November locally, October in UTC
  "2026-03-29T00:30:00Z", // 01:30 CET on the spring-change day
  "2026-03-31T22:30:00Z", // 1 Apr 00:30 CEST: April locally, March in UTC
  "2026-03-29T22:30:00Z", // Mon 30 Mar 00:30 CEST: a new ISO week locally, Sunday in UTC
  "2026-10-25T22:59:00Z", // Sun 25 Oct 23:59 CET, the autumn-change day
  "2026-10-25T23:00:00Z", // Mon 26 Oct 00:00 CET: the next ISO week
];

function generate(): GenCustomer[] {
  const rnd = random(20261207);
  const start = Date.parse("2025-09-01T00:00:00Z");
  const end = Date.parse("2026-11-15T00:00:00Z");
  const customers: GenCustomer[] = [];
  for (let i = 0; i < 90; i++) {
    const first = start + rnd() * (end - start);
    const orders: GenOrder[] = [];
    const n = 1 + Math.floor(rnd() * rnd() * 7);
    let t = first;
    for (let j = 0; j < n && t < end; j++) {
      orders.push({
        placedAt: new Date(Math.floor(t / 1000) * 1000),
        cents: 500 + Math.floor(rnd() * 20000),
        status: rnd() < 0.08 ? "cancelled" : "completed",
        categories: CATEGORIES.filter(() => rnd() < 0.45),
      });
      t += rnd() * 80 * 86_400_000;
    }
    // Some customers get an order exactly at an edge instant.
    if (i % 6 === 0) {
      const edge = EDGE_INSTANTS[(i / 6) % EDGE_INSTANTS.length]!;
      orders.push({ placedAt: new Date(edge), cents: 1234, status: "completed", categories: ["bags"] });
    }
    customers.push({ id: `c${i}`, channel: CHANNELS[i % 3]!, country: COUNTRIES[Math.floor(i / 3) % 3]!, orders });
  }
  // Someone who never ordered, and someone whose only order was cancelled: in no cohort.
  customers.push({ id: "none", channel: "email", country: "DE", orders: [] });
  customers.push({ id: "cancelled-only", channel: "ads", country: "FR", orders: [{ placedAt: new Date("2026-02-01T10:00:00Z"), cents: 900, status: "refunded", categories: [] }] });
  return customers;
}

// ---- the oracle -------------------------------------------------------------

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });
function berlinDate(at: Date): string {
  return dayFormat.format(at);
}
function utcDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}
function periodStart(period: CohortPeriod, date: string): string {
  if (period === "month") return `${date.slice(0, 7)}-01`;
  const day = utcDay(date);
  const weekday = (new Date(day * 86_400_000).getUTCDay() + 6) % 7;
  return new Date((day - weekday) * 86_400_000).toISOString().slice(0, 10);
}
function periodsBetween(period: CohortPeriod, cohort: string, date: string): number {
  if (period === "month") return (Number(date.slice(0, 4)) - Number(cohort.slice(0, 4))) * 12 + Number(date.slice(5, 7)) - Number(cohort.slice(5, 7));
  return (utcDay(periodStart("week", date)) - utcDay(cohort)) / 7;
}

interface OracleCohort {
  customers: string[];
  byPeriod: Map<number, { buyers: Set<string>; orders: number; cents: number }>;
  lastPeriod: Map<string, number>;
  repeatDays: number;
  expected: number;
}

function counted(c: GenCustomer): GenOrder[] {
  return c.orders.filter((o) => o.status === "completed").sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a.cents - b.cents);
}

function breakdownValues(c: GenCustomer, kind: string): string[] {
  if (kind === "none") return [""];
  if (kind === "channel") return [c.channel ?? ""];
  if (kind === "country") return [c.country ?? ""];
  const orders = counted(c);
  const firstAt = orders[0]!.placedAt.getTime();
  // Categories bought in an order at the first order's instant.
  const cats = new Set(c.orders.filter((o) => o.status === "completed" && o.placedAt.getTime() === firstAt).flatMap((o) => o.categories));
  return cats.size ? [...cats] : [""];
}

function oracle(customers: GenCustomer[], period: CohortPeriod, breakdown: string): Map<string, OracleCohort> {
  const out = new Map<string, OracleCohort>();
  const asOfDay = utcDay(berlinDate(AS_OF));
  for (const c of customers) {
    const orders = counted(c);
    if (orders.length === 0) continue;
    const firstDate = berlinDate(orders[0]!.placedAt);
    const cohort = periodStart(period, firstDate);
    const days = new Set(orders.map((o) => berlinDate(o.placedAt)));
    for (const value of breakdownValues(c, breakdown)) {
      const key = `${value}|${cohort}`;
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { customers: [], byPeriod: new Map(), lastPeriod: new Map(), repeatDays: 0, expected: 0 }));
      entry.customers.push(c.id);
      entry.repeatDays += days.size - 1;
      entry.expected += bgNbdExpectedPurchasesNewCustomer(BG_PARAMS, asOfDay - utcDay(firstDate));
      for (const o of orders) {
        const k = periodsBetween(period, cohort, berlinDate(o.placedAt));
        const cell = entry.byPeriod.get(k) ?? { buyers: new Set<string>(), orders: 0, cents: 0 };
        cell.buyers.add(c.id);
        cell.orders += 1;
        cell.cents += o.cents;
        entry.byPeriod.set(k, cell);
        entry.lastPeriod.set(c.id, Math.max(entry.lastPeriod.get(c.id) ?? 0, k));
      }
    }
  }
  return out;
}

function oracleValue(entry: OracleCohort, metric: CohortMetric, k: number): number {
  const size = entry.customers.length;
  if (metric === "retention") return (entry.byPeriod.get(k)?.buyers.size ?? 0) / size;
  if (metric === "retention_on_or_after") return [...entry.lastPeriod.values()].filter((last) => last >= k).length / size;
  if (metric === "orders_per_customer") return (entry.byPeriod.get(k)?.orders ?? 0) / size;
  let cents = 0;
  for (let j = 0; j <= k; j++) cents += entry.byPeriod.get(j)?.cents ?? 0;
  return cents / 100 / size;
}

function compare(matrix: CohortMatrixView, expected: Map<string, OracleCohort>, period: CohortPeriod, metric: CohortMetric) {
  expect(matrix.cohorts.length).toBe(expected.size);
  const asOfDate = berlinDate(AS_OF);
  for (const row of matrix.cohorts) {
    const entry = expected.get(`${row.breakdownValue ?? ""}|${row.cohort}`);
    expect(entry, `cohort ${row.breakdownValue}|${row.cohort}`).toBeDefined();
    expect(row.cohortSize).toBe(entry!.customers.length);
    // Every period from acquisition to the one holding the as-of day, no more.
    expect(row.cells.map((c) => c.periodIndex)).toEqual(Array.from({ length: periodsBetween(period, row.cohort, asOfDate) + 1 }, (_, k) => k));
    for (const cell of row.cells) {
      expect(cell.value, `${metric} ${row.breakdownValue}|${row.cohort} k=${cell.periodIndex}`).toBeCloseTo(oracleValue(entry!, metric, cell.periodIndex), 9);
    }
    expect(row.actualRepeatPurchasesPerCustomer).toBeCloseTo(entry!.repeatDays / entry!.customers.length, 9);
    expect(row.expectedRepeatPurchasesPerCustomer).toBeCloseTo(entry!.expected / entry!.customers.length, 9);
  }
}

// ---- setup ------------------------------------------------------------------

let workspaceId: number;
let customers: GenCustomer[];
const dbIds = new Map<string, string>();

async function load(ws: number, data: GenCustomer[]) {
  const products = await pool.query<{ id: number; category: string }>(
    `INSERT INTO product (workspace_id, external_id, name, category) SELECT $1, 'p-' || c, c, c FROM unnest($2::text[]) c RETURNING id, category`,
    [ws, CATEGORIES],
  );
  const productOf = new Map(products.rows.map((p) => [p.category, p.id]));
  for (const c of data) {
    const res = await pool.query<{ id: string }>(
      "INSERT INTO customer (workspace_id, external_id, acquisition_channel, country) VALUES ($1, $2, $3, $4) RETURNING id::text",
      [ws, c.id, c.channel, c.country],
    );
    dbIds.set(c.id, res.rows[0]!.id);
    for (const o of c.orders) {
      const order = await pool.query<{ id: string }>(
        `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
         VALUES ($1, $2, 'o-' || gen_random_uuid(), $3, $4::numeric / 100, 'EUR', $5) RETURNING id::text`,
        [ws, res.rows[0]!.id, o.placedAt, o.cents, o.status],
      );
      for (const cat of o.categories) {
        await pool.query("INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) VALUES ($1, $2, $3, 1, 1)", [ws, order.rows[0]!.id, productOf.get(cat)]);
      }
    }
  }
}

beforeAll(async () => {
  workspaceId = await createWorkspace({ timezone: TZ });
  customers = generate();
  await load(workspaceId, customers);
  // A finished CLV run whose fitted BG/NBD parameters the forecast uses.
  await pool.query(
    `INSERT INTO analytics_run (workspace_id, kind, status, params, result, finished_at)
     VALUES ($1, 'clv', 'SUCCEEDED', '{"timeUnit": "days"}'::jsonb, $2::jsonb, now())`,
    [workspaceId, JSON.stringify({ transactionModel: { model: "bg-nbd", params: BG_PARAMS } })],
  );
  await refreshCohorts(workspaceId, { asOf: AS_OF });
}, 60_000);

const METRICS: CohortMetric[] = ["retention", "retention_on_or_after", "orders_per_customer", "cumulative_revenue_per_customer"];

describe("cohort matrix", () => {
  for (const period of ["month", "week"] as const) {
    for (const metric of METRICS) {
      it(`${period} × ${metric} matches the orders, period by period, across DST changes`, async () => {
        const matrix = await readCohortMatrix(workspaceId, { period, metric, breakdown: "none", cohorts: 520 });
        expect(matrix.asOf).toBe(AS_OF.toISOString());
        expect(matrix.forecastModel).toBe("bg-nbd");
        compare(matrix, oracle(customers, period, "none"), period, metric);
      });
    }
  }

  for (const breakdown of ["channel", "country", "category"] as const) {
    it(`splits by ${breakdown} (month and week) as the orders say`, async () => {
      for (const period of ["month", "week"] as const) {
        const matrix = await readCohortMatrix(workspaceId, { period, metric: "retention_on_or_after", breakdown, cohorts: 520 });
        compare(matrix, oracle(customers, period, breakdown), period, "retention_on_or_after");
      }
    });
  }

  it("keeps one breakdown value when asked", async () => {
    const matrix = await readCohortMatrix(workspaceId, { period: "month", metric: "cumulative_revenue_per_customer", breakdown: "country", value: "", cohorts: 520 });
    const expected = new Map([...oracle(customers, "month", "country")].filter(([key]) => key.startsWith("|")));
    compare(matrix, expected, "month", "cumulative_revenue_per_customer");
  });

  it("filters to a saved segment's members, computed live", async () => {
    const seg = await createSegment(workspaceId, null, {
      name: "Germany",
      kind: "STATIC",
      definition: { version: 1, root: { id: "r", type: "group", combinator: "and", children: [{ id: "de", type: "attribute", field: "country", match: { op: "equals", value: "DE" } }] } },
    });
    const members = customers.filter((c) => c.country === "DE");
    for (const period of ["month", "week"] as const) {
      const matrix = await readCohortMatrix(workspaceId, { period, metric: "retention", breakdown: "channel", segment: seg.segment.id, cohorts: 520 }, { now: AS_OF });
      compare(matrix, oracle(members, period, "channel"), period, "retention");
    }
  });

  it("shows only the most recent cohorts asked for", async () => {
    const matrix = await readCohortMatrix(workspaceId, { period: "week", metric: "retention", breakdown: "none", cohorts: 5 });
    const all = [...oracle(customers, "week", "none").keys()].map((k) => k.split("|")[1]!).sort();
    expect(matrix.cohorts.map((c) => c.cohort)).toEqual(all.slice(-5));
  });

  it("turns a cell into a static segment of exactly the cell's customers", async () => {
    for (const [period, basis, k] of [["month", "on", 1], ["week", "onOrAfter", 2], ["month", "on", 0]] as const) {
      const expected = oracle(customers, period, "channel");
      // The cohort with the most buyers in period k, so the test exercises a non-trivial set.
      const [key, entry] = [...expected].sort((a, b) => (b[1].byPeriod.get(k)?.buyers.size ?? 0) - (a[1].byPeriod.get(k)?.buyers.size ?? 0))[0]!;
      const [value, cohort] = key.split("|") as [string, string];
      const want = basis === "on" ? [...(entry.byPeriod.get(k)?.buyers ?? [])] : [...entry.lastPeriod].filter(([, last]) => last >= k).map(([id]) => id);
      expect(want.length).toBeGreaterThan(0);
      const made = await createCohortCellSegment(workspaceId, null, {
        name: `cell ${period} ${basis} ${k}`,
        period,
        basis,
        cohort,
        periodIndex: k,
        breakdown: "channel",
        value,
        segment: null,
      });
      const rows = await pool.query<{ id: string }>("SELECT customer_id::text AS id FROM segment_membership WHERE segment_id = $1", [made.segment.id]);
      expect(rows.rows.map((r) => r.id).sort()).toEqual(want.map((id) => dbIds.get(id)!).sort());
      // The matrix's cell says the same number of customers.
      const matrix = await readCohortMatrix(workspaceId, { period, metric: basis === "on" ? "retention" : "retention_on_or_after", breakdown: "channel", value, cohorts: 520 });
      expect(matrix.cohorts.find((c) => c.cohort === cohort)!.cells[k]!.customers).toBe(want.length);
    }
  });

  it("refuses a first-order category cell as a segment, naming the breakdown", async () => {
    await expect(
      createCohortCellSegment(workspaceId, null, { name: "x", period: "month", basis: "on", cohort: "2026-01-01", periodIndex: 0, breakdown: "category", value: "bags", segment: null }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "breakdown" }] });
  });

  it("a refresh on unchanged data writes the same aggregates, and new orders show after the next refresh", async () => {
    const before = await readCohortMatrix(workspaceId, { period: "month", metric: "orders_per_customer", breakdown: "none", cohorts: 520 });
    await refreshCohorts(workspaceId, { asOf: AS_OF });
    expect(await readCohortMatrix(workspaceId, { period: "month", metric: "orders_per_customer", breakdown: "none", cohorts: 520 })).toEqual(before);

    const ws = await createWorkspace({ timezone: TZ });
    const data = generate().slice(0, 10);
    await load(ws, data);
    await refreshCohorts(ws, { asOf: AS_OF });
    const extra: GenOrder = { placedAt: new Date("2026-11-10T10:00:00Z"), cents: 5000, status: "completed", categories: [] };
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status) VALUES ($1, $2, 'extra', $3, 50, 'EUR', 'completed')`,
      [ws, dbIds.get(data[1]!.id), extra.placedAt],
    );
    data[1]!.orders.push(extra);
    await refreshCohorts(ws, { asOf: AS_OF });
    const matrix = await readCohortMatrix(ws, { period: "week", metric: "orders_per_customer", breakdown: "none", cohorts: 520 });
    const expected = oracle(data, "week", "none");
    expect(matrix.forecastModel).toBeNull();
    expect(matrix.cohorts.every((c) => c.expectedRepeatPurchasesPerCustomer === null)).toBe(true);
    for (const row of matrix.cohorts) {
      const entry = expected.get(`|${row.cohort}`)!;
      for (const cell of row.cells) expect(cell.value).toBeCloseTo(oracleValue(entry, "orders_per_customer", cell.periodIndex), 9);
    }
  });
});
