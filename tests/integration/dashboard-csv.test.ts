import { afterAll, describe, expect, it } from "vitest";
import { exportLtvCsv, exportOverviewCsv, exportRfmCsv, parseLtvTable } from "../../lib/analytics/dashboard/export-dashboard-csv.ts";
import { LTV_TABLES, OVERVIEW_TABLES, RFM_TABLES } from "../../lib/analytics/dashboard/dashboard-csv.ts";
import { EXCLUDED_ORDER_STATUSES } from "../../lib/analytics/runs/counted-orders.ts";
import { executeRun } from "../../lib/analytics/runs/execute-run.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";
import { pool } from "../../lib/db/pool.ts";
import { addCustomers, addOrders, createWorkspace, queueRun, type OrderSpec } from "./analytics-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

// The downloads against independent recomputations in TypeScript: the R × F
// grid from the snapshot rows, the top customers from the published metrics,
// the moves from pairing two snapshots, the overview's revenue from the raw
// orders on local days; instants written in the workspace zone.

const DAY_MS = 86_400_000;
const LAST_DAY = Math.floor(Date.parse("2026-01-31T00:00:00Z") / DAY_MS);
// 20:00 UTC on 31 January is 21:00 in Berlin (UTC+1 in winter); 30 days earlier too.
const AS_OF = new Date(LAST_DAY * DAY_MS + 20 * 3600 * 1000).toISOString();
const EARLIER = new Date((LAST_DAY - 30) * DAY_MS + 20 * 3600 * 1000).toISOString();
const ZONE = "Europe/Berlin";

async function collect(lines: AsyncGenerator<string>): Promise<string[][]> {
  let text = "";
  for await (const line of lines) text += line;
  return parseCsv(text);
}

/** RFC 4180 records (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const records = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]!])));

describe("dashboard CSV downloads", () => {
  it("write what an independent recomputation finds, instants in the workspace zone", async () => {
    const sim = simulateBgNbdTransactions(
      { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
      { customers: 250, firstDay: LAST_DAY - 400, acquisitionDays: 380, lastDay: LAST_DAY, timeUnit: "day", seed: 3, spend: { p: 6, q: 4, gamma: 15 } },
    );
    const wsId = await createWorkspace({ timezone: ZONE });
    const ids = await addCustomers(wsId, [...new Set(sim.map((r) => r.customerId))]);
    // A name that a spreadsheet would run as a formula, and one with a comma and quotes.
    const first = [...ids.values()];
    await pool.query(`UPDATE customer SET first_name = '=HYPERLINK("x")' WHERE id = $1`, [first[0]]);
    await pool.query(`UPDATE customer SET first_name = 'Smith, "Jo"' WHERE id = $1`, [first[1]]);
    const orders: OrderSpec[] = sim.map((r, i) => ({
      customer: r.customerId,
      placedAt: new Date(r.day * DAY_MS + ((i * 7) % 24) * 3600 * 1000).toISOString(),
      total: Math.round((r.amount ?? 10) * 100) / 100,
      status: i % 11 === 4 ? "cancelled" : "completed",
    }));
    await addOrders(wsId, ids, orders);
    const runs: number[] = [];
    for (const [kind, at] of [["rfm", EARLIER], ["rfm", AS_OF], ["clv", AS_OF]] as const) {
      const id = await queueRun(wsId, kind, at);
      expect((await executeRun(kind, wsId, id)).status).toBe("succeeded");
      runs.push(id);
    }
    const ws = { id: wsId, timezone: ZONE };

    // R × F grid from the latest snapshot.
    const snap = await pool.query<{ id: string; r: number; f: number; segment: string }>(
      "SELECT customer_id::text AS id, r_score AS r, f_score AS f, segment FROM rfm_snapshot WHERE run_id = $1",
      [runs[1]],
    );
    const grid = records(await collect(exportRfmCsv(ws, "grid", new URLSearchParams())));
    expect(grid).toHaveLength(25);
    for (const cell of grid) {
      expect(Number(cell.customers), `R${cell.r_score} F${cell.f_score}`).toBe(snap.rows.filter((x) => x.r === Number(cell.r_score) && x.f === Number(cell.f_score)).length);
      expect(cell.rfm_run_id).toBe(String(runs[1]));
    }

    // Moves between the two runs (default: the last two), both as-of instants in Berlin time.
    const prev = await pool.query<{ id: string; segment: string }>("SELECT customer_id::text AS id, segment FROM rfm_snapshot WHERE run_id = $1", [runs[0]]);
    const before = new Map(prev.rows.map((r) => [r.id, r.segment]));
    const after = new Map(snap.rows.map((r) => [r.id, r.segment]));
    const want = new Map<string, number>();
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const key = `${before.get(id) ?? ""}→${after.get(id) ?? ""}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    const moves = records(await collect(exportRfmCsv(ws, "migration", new URLSearchParams())));
    expect(new Map(moves.map((m) => [`${m.from_segment}→${m.to_segment}`, Number(m.customers)]))).toEqual(want);
    expect(moves[0]).toMatchObject({ from_run_id: String(runs[0]), to_run_id: String(runs[1]), from_as_of: "2026-01-01T21:00:00+01:00", to_as_of: "2026-01-31T21:00:00+01:00" });
    // The same pair asked the other way round turns every move around.
    const back = records(await collect(exportRfmCsv(ws, "migration", new URLSearchParams({ from: String(runs[1]), to: String(runs[0]) }))));
    expect(new Map(back.map((m) => [`${m.to_segment}→${m.from_segment}`, Number(m.customers)]))).toEqual(want);

    // Top customers from the published predictions, names as written (a formula is defused, a comma quoted).
    const metrics = await pool.query<{ id: string; clv: number; name: string | null; external_id: string }>(
      `SELECT m.customer_id::text AS id, m.predicted_clv_12m AS clv, c.first_name AS name, c.external_id
         FROM customer_metrics m JOIN customer c ON c.id = m.customer_id WHERE m.workspace_id = $1 AND m.predicted_clv_12m IS NOT NULL`,
      [wsId],
    );
    const top = [...metrics.rows].sort((a, b) => b.clv - a.clv || Number(a.id) - Number(b.id)).slice(0, 20);
    const topCsv = records(await collect(exportLtvCsv(ws, "top-customers")));
    expect(topCsv.map((t) => t.customer_id)).toEqual(top.map((t) => t.id));
    topCsv.forEach((t, i) => {
      const name = top[i]!.name ?? top[i]!.external_id;
      expect(t.name).toBe(name.startsWith("=") ? `'${name}` : name);
      expect(Number(t.predicted_clv_12m)).toBeCloseTo(top[i]!.clv, 9);
    });

    // Overview: January's revenue from the raw counted orders on Berlin days.
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
    const raw = await pool.query<{ placed_at: Date; total: string; status: string }>("SELECT placed_at, total::text, status FROM customer_order WHERE workspace_id = $1", [wsId]);
    const januaryCents = raw.rows
      .filter((o) => !EXCLUDED_ORDER_STATUSES.includes(o.status) && day.format(o.placed_at).startsWith("2026-01"))
      .reduce((t, o) => t + Math.round(Number(o.total) * 100), 0);
    const summary = records(await collect(exportOverviewCsv(ws, "summary", new URLSearchParams({ period: "custom", from: "2026-01-01", to: "2026-01-31" }))));
    const revenue = summary.find((r) => r.number === "revenue")!;
    expect(revenue).toMatchObject({ period_from: "2026-01-01", period_to: "2026-01-31", previous_from: "2025-12-01", previous_to: "2025-12-31" });
    expect(Math.round(Number(revenue.value) * 100)).toBe(januaryCents);

    // Every table of every page downloads with a header and the rows the page shows.
    for (const table of LTV_TABLES) expect((await collect(exportLtvCsv(ws, table))).length, table).toBeGreaterThan(1);
    for (const table of RFM_TABLES) expect((await collect(exportRfmCsv(ws, table, new URLSearchParams()))).length, table).toBeGreaterThan(1);
    for (const table of OVERVIEW_TABLES) expect((await collect(exportOverviewCsv(ws, table, new URLSearchParams({ period: "365" })))).length, table).toBeGreaterThan(1);
  });

  it("refuses an unknown table, a repeated parameter, a bad run id and a bad period, naming the parameter", async () => {
    const ws = { id: await createWorkspace({ timezone: ZONE }), timezone: ZONE };
    expect(() => parseLtvTable(new URLSearchParams({ table: "everything" }))).toThrow(expect.objectContaining({ code: "VALIDATION", details: [expect.objectContaining({ path: "table" })] }));
    expect(() => parseLtvTable(new URLSearchParams("table=deciles&table=bands"))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: "table" })] }));
    await expect(collect(exportRfmCsv(ws, "migration", new URLSearchParams({ from: "x1", to: "2" })))).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "from" }] });
    await expect(collect(exportRfmCsv(ws, "migration", new URLSearchParams()))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(collect(exportOverviewCsv(ws, "summary", new URLSearchParams({ period: "custom", from: "2026-02-30", to: "2026-03-01" })))).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
