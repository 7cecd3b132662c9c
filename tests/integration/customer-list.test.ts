import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { CUSTOMER_SORTS, SORT_DIRECTIONS, type CustomerListFilters, type CustomerSort, type SortDirection } from "../../lib/customers/customer-list-params.ts";
import { countFilteredCustomers, listCustomers } from "../../lib/customers/list-customers.ts";
import { CUSTOMER_EXPORT_COLUMNS, exportCustomersCsv } from "../../lib/customers/export-customers.ts";

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

/** A small deterministic generator, so a failure replays. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Truth {
  id: bigint;
  email: string | null;
  country: string | null;
  orders: number;
  cents: bigint;
  last: number | null;
  clv: number | null;
  pAlive: number | null;
  rfm: string | null;
  band: string | null;
  inSegment: boolean;
}

let workspaceId: number;
let segmentId: number;
let truth: Truth[];

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { slug: `list-${randomUUID()}`, name: "List test", timezone: "America/New_York" }, select: { id: true } });
  workspaceId = ws.id;
  const rand = rng(20261208);
  const n = 45;
  const ids: bigint[] = [];
  for (let i = 0; i < n; i++) {
    // Some emails repeat (ties broken by id), some are missing.
    const email = i % 9 === 0 ? null : `user${String(i % 17).padStart(2, "0")}@example.com`;
    const c = await db.customer.create({
      data: { workspaceId, externalId: `c${i}`, email, country: ["DE", "FR", null][i % 3] ?? null, firstName: `F${i}` },
      select: { id: true },
    });
    ids.push(c.id);
  }
  // Orders through SQL (the triggers keep the timelines); a third of the customers have none.
  const orderRows: [bigint, string, string, string][] = [];
  ids.forEach((id, i) => {
    if (i % 3 === 1) return;
    const k = 1 + Math.floor(rand() * 4);
    for (let j = 0; j < k; j++) {
      const day = Date.UTC(2024, 0, 1) + Math.floor(rand() * 400) * 86_400_000;
      // Amounts from a short list, so revenue ties occur.
      const total = ["10.00", "25.50", "5.25"][Math.floor(rand() * 3)]!;
      orderRows.push([id, `o${i}-${j}`, new Date(day).toISOString(), total]);
    }
  });
  await pool.query(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT $1, t.c, t.e, t.p, t.v, 'EUR', CASE WHEN t.e LIKE '%-3' THEN 'refunded' ELSE 'completed' END
     FROM unnest($2::int8[], $3::text[], $4::timestamptz[], $5::numeric[]) AS t(c, e, p, v)`,
    [workspaceId, orderRows.map((r) => r[0].toString()), orderRows.map((r) => r[1]), orderRows.map((r) => r[2]), orderRows.map((r) => r[3])],
  );
  // Value metrics: some customers have none, many share a CLV or a P(alive).
  const withMetrics = ids.filter((_, i) => i % 5 !== 4);
  await pool.query(
    `INSERT INTO customer_metrics (customer_id, workspace_id, predicted_clv_12m, p_alive, rfm_segment, churn_risk_band)
     SELECT t.c, $1, t.clv, t.pa, t.seg, t.band FROM unnest($2::int8[], $3::float8[], $4::float8[], $5::text[], $6::text[]) AS t(c, clv, pa, seg, band)`,
    [
      workspaceId,
      withMetrics.map(String),
      withMetrics.map((_, k) => (k % 7 === 0 ? null : [12.5, 40.25, 0.1 + 0.2, 99][k % 4])),
      withMetrics.map((_, k) => (k % 6 === 0 ? null : [0.9, 0.35, 0.123456789][k % 3])),
      withMetrics.map((_, k) => ["Champions", "At risk", null][k % 3]),
      withMetrics.map((_, k) => ["low", "high", "medium", null][k % 4]),
    ],
  );
  const seg = await db.segment.create({ data: { workspaceId, name: "Listed", definition: {} }, select: { id: true } });
  segmentId = seg.id;
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, unnest($2::int8[]), $3`, [
    segmentId,
    ids.filter((_, i) => i % 4 === 0).map(String),
    workspaceId,
  ]);
  // The oracle's facts straight from the source tables.
  const r = await pool.query<{ id: string; email: string | null; country: string | null; orders: number; cents: string; last: Date | null; clv: number | null; p_alive: number | null; rfm: string | null; band: string | null; seg: boolean }>(
    `SELECT c.id::text, c.email, c.country::text AS country,
            (SELECT count(*)::int FROM customer_order o WHERE o.customer_id = c.id AND o.status <> 'refunded') AS orders,
            (SELECT coalesce(sum(o.total * 100), 0)::int8::text FROM customer_order o WHERE o.customer_id = c.id AND o.status <> 'refunded') AS cents,
            (SELECT max(o.placed_at) FROM customer_order o WHERE o.customer_id = c.id AND o.status <> 'refunded') AS last,
            m.predicted_clv_12m AS clv, m.p_alive, m.rfm_segment AS rfm, m.churn_risk_band AS band,
            EXISTS (SELECT 1 FROM segment_membership s WHERE s.customer_id = c.id AND s.segment_id = $2) AS seg
       FROM customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id WHERE c.workspace_id = $1`,
    [workspaceId, segmentId],
  );
  truth = r.rows.map((x) => ({
    id: BigInt(x.id),
    email: x.email,
    country: x.country,
    orders: x.orders,
    cents: BigInt(x.cents),
    last: x.last?.getTime() ?? null,
    clv: x.clv,
    pAlive: x.p_alive,
    rfm: x.rfm,
    band: x.band,
    inSegment: x.seg,
  }));
});

type Key = number | bigint | string | null;
function keyOf(t: Truth, sort: CustomerSort): Key {
  switch (sort) {
    case "newest":
      return t.id;
    case "email":
      return t.email;
    case "orders":
      return t.orders === 0 ? null : t.orders;
    case "revenue":
      return t.orders === 0 ? null : t.cents;
    case "last_order":
      return t.last;
    case "clv":
      return t.clv;
    case "p_alive":
      return t.pAlive;
  }
}

const cmp = (a: Key, b: Key) => (a! < b! ? -1 : a! > b! ? 1 : 0);

/**
 * The order the page promises, written independently of the SQL: customers
 * with a value by (value, id) in the asked direction; those without one
 * (no orders, no email, no CLV yet) by id in the same direction, first when
 * going up by orders or revenue (none is 0) and last otherwise.
 */
function expected(sort: CustomerSort, dir: SortDirection, keep: (t: Truth) => boolean): string[] {
  const s = dir === "asc" ? 1 : -1;
  const rows = truth.filter(keep);
  const withValue = rows.filter((t) => keyOf(t, sort) !== null).sort((a, b) => s * (cmp(keyOf(a, sort), keyOf(b, sort)) || cmp(a.id, b.id)));
  const without = rows.filter((t) => keyOf(t, sort) === null).sort((a, b) => s * cmp(a.id, b.id));
  const zeroFirst = (sort === "orders" || sort === "revenue") && dir === "asc";
  return (zeroFirst ? [...without, ...withValue] : [...withValue, ...without]).map((t) => t.id.toString());
}

async function readAll(sort: CustomerSort, direction: SortDirection, filters: CustomerListFilters = {}, query?: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCustomers({ workspaceId, sort, direction, filters, query, after, limit: 4 });
    out.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return out;
}

describe("customers list: keyset sorts and filters against an oracle over the source tables", () => {
  for (const sort of CUSTOMER_SORTS) {
    for (const dir of SORT_DIRECTIONS) {
      it(`sort ${sort} ${dir}, 4 per page, reads every customer once in the promised order`, async () => {
        expect(await readAll(sort, dir)).toEqual(expected(sort, dir, () => true));
      });
    }
  }

  it("filters by segment, RFM segment, churn band and country, alone and together, under a sort", async () => {
    const cases: [CustomerListFilters, (t: Truth) => boolean][] = [
      [{ segmentId }, (t) => t.inSegment],
      [{ rfmSegment: "At risk" }, (t) => t.rfm === "At risk"],
      [{ churnBand: "high" }, (t) => t.band === "high"],
      [{ country: "DE" }, (t) => t.country === "DE"],
      [{ country: "FR", churnBand: "low" }, (t) => t.country === "FR" && t.band === "low"],
      [{ segmentId, rfmSegment: "Champions" }, (t) => t.inSegment && t.rfm === "Champions"],
    ];
    for (const [filters, keep] of cases) {
      expect(truth.some(keep)).toBe(true);
      expect(await readAll("revenue", "desc", filters)).toEqual(expected("revenue", "desc", keep));
      expect(await readAll("p_alive", "asc", filters)).toEqual(expected("p_alive", "asc", keep));
      expect(await countFilteredCustomers({ workspaceId, filters })).toEqual({ kind: "exact", value: truth.filter(keep).length });
    }
  });

  it("refuses a cursor from another sort with a named error", async () => {
    const page = await listCustomers({ workspaceId, sort: "clv", limit: 2 });
    await expect(listCustomers({ workspaceId, sort: "newest", after: page.nextCursor! })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "after" }] });
  });

  it("exports the filtered customers with live numbers, value columns and times in the workspace zone", async () => {
    let text = "";
    for await (const line of exportCustomersCsv({ workspaceId, timezone: "America/New_York", currency: "EUR", filters: { country: "DE" } }, { batchSize: 4 })) text += line;
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CUSTOMER_EXPORT_COLUMNS.join(","));
    const col = (name: (typeof CUSTOMER_EXPORT_COLUMNS)[number]) => CUSTOMER_EXPORT_COLUMNS.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(","));
    const de = truth.filter((t) => t.country === "DE").sort((a, b) => cmp(b.id, a.id));
    expect(rows.map((r) => r[0])).toEqual(de.map((t) => t.id.toString()));
    for (const [i, t] of de.entries()) {
      const r = rows[i]!;
      expect(r[col("order_count")]).toBe(String(t.orders));
      expect(Number(r[col("revenue")])).toBe(Number(t.cents) / 100);
      expect(r[col("predicted_clv_12m")]).toBe(t.clv === null ? "" : String(t.clv));
      expect(r[col("p_alive")]).toBe(t.pAlive === null ? "" : String(t.pAlive));
      // New York wall-clock time, written out independently with Intl.
      const wall = t.last === null ? "" : new Intl.DateTimeFormat("sv-SE", { timeZone: "America/New_York", dateStyle: "short", timeStyle: "medium" }).format(t.last).replace(" ", "T");
      expect(r[col("last_order_at")]).toBe(wall);
      expect(r[col("time_zone")]).toBe("America/New_York");
    }
  });

  it("writes the export's header and a customer's row exactly, column for column", async () => {
    // A workspace of its own with one customer whose every cell differs, so a swapped column shows.
    const ws = await db.workspace.create({ data: { slug: `export-${randomUUID()}`, name: "Export test", timezone: "Europe/Berlin" }, select: { id: true } });
    const c = await db.customer.create({
      data: {
        workspaceId: ws.id,
        externalId: "ext-1",
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Byron",
        phone: "+44 20 7946 0000",
        country: "GB",
        emailConsent: true,
        smsConsent: false,
        pushConsent: true,
      },
      select: { id: true },
    });
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       VALUES ($1, $2, 'o1', '2024-01-15T10:00:00Z', 12.50, 'EUR', 'completed'), ($1, $2, 'o2', '2024-07-01T21:30:00Z', 7.25, 'EUR', 'completed')`,
      [ws.id, c.id.toString()],
    );
    await pool.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, predicted_clv_12m, p_alive, rfm_segment, churn_risk_band, computed_at)
       VALUES ($1, $2, 123.45, 0.875, 'Loyal', 'low', '2024-08-01T06:00:00Z')`,
      [c.id.toString(), ws.id],
    );
    let text = "";
    for await (const chunk of exportCustomersCsv({ workspaceId: ws.id, timezone: "Europe/Berlin", currency: "EUR", filters: {} })) text += chunk;
    // Berlin is UTC+1 in January and UTC+2 in summer.
    expect(text).toBe(
      "customer_id,external_id,email,first_name,last_name,phone,country,order_count,revenue,first_order_at,last_order_at," +
        "rfm_segment,predicted_clv_12m,p_alive,churn_risk_band,email_consent,sms_consent,push_consent,value_metrics_computed_at,currency,time_zone\r\n" +
        `${c.id},ext-1,ada@example.com,Ada,Byron,+44 20 7946 0000,GB,2,19.75,2024-01-15T11:00:00,2024-07-01T23:30:00,` +
        "Loyal,123.45,0.875,low,true,false,true,2024-08-01T08:00:00,EUR,Europe/Berlin\r\n",
    );
  });

  it("gives each listed customer their own value columns and live numbers", async () => {
    const page = await listCustomers({ workspaceId, sort: "newest", limit: 200 });
    const byId = new Map(page.rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(truth.length);
    for (const t of truth) {
      expect(byId.get(t.id.toString())).toMatchObject({
        email: t.email,
        country: t.country,
        orderCount: t.orders,
        revenue: Number(t.cents) / 100,
        lastOrderAt: t.last === null ? null : new Date(t.last),
        rfmSegment: t.rfm,
        predictedClv12m: t.clv,
        pAlive: t.pAlive,
        churnRiskBand: t.band,
      });
    }
  });
});
