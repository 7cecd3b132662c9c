import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { listCustomerSegments } from "../../lib/segments/customer-segments.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { explainSegment } from "../../lib/segments/explain-segment.ts";
import { exportSegmentMembersCsv } from "../../lib/segments/export-segment-members.ts";
import { listSegments } from "../../lib/segments/list-segments.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import { listSegmentMembers } from "../../lib/segments/segment-members.ts";
import { segmentOverlap } from "../../lib/segments/segment-overlap.ts";
import { blankCustomer, createTestWorkspace, definitionOf, insertDataset } from "../../lib/segments/testing/segment-test-data.ts";

const NOW = new Date("2024-06-01T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const order = (days: number, total = "20.00") => ({ placedAt: daysAgo(days), total, items: [] });

/** Twelve customers: every third in France, every second with a recent order. */
async function setup() {
  const workspaceId = await createTestWorkspace();
  const customers = Array.from({ length: 12 }, (_, i) =>
    blankCustomer(
      {
        country: i % 3 === 0 ? "FR" : "US",
        email: i === 3 ? '"quoted", =cmd@example.com' : `c${i}@example.com`,
        firstName: i === 6 ? "Zoë\nNew line" : i === 9 ? "=1+1" : `Name ${i}`,
      },
      { orders: i % 2 === 0 ? [order(5)] : [order(400)] },
    ),
  );
  const { records } = await insertDataset(workspaceId, { products: [], customers });
  return { workspaceId, ids: records.map((r) => r.customer.id) };
}

const french = definitionOf({ type: "attribute", field: "country", match: { op: "equals", value: "FR" } });
const recentBuyers = definitionOf({ type: "orders", measure: "count", window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 1 } });

describe("reading segments", () => {
  it("counts a draft definition with its share of all customers and a sample", async () => {
    const { workspaceId, ids } = await setup();
    const count = await countSegment(workspaceId, french, { sampleSize: 2, now: NOW });
    expect(count).toMatchObject({ size: 4, totalCustomers: 12, share: 4 / 12 });
    expect(count.sample.map((s) => s.customerId)).toEqual([ids[0], ids[3]]);
    expect(count.sample[0]).toMatchObject({ email: "c0@example.com", firstName: "Name 0" });
  });

  it("pages members by customer id until the end, and lists segments with size and refresh time", async () => {
    const { workspaceId, ids } = await setup();
    const { segment } = await createSegment(workspaceId, null, { name: "Recent buyers", definition: recentBuyers });
    await refreshSegment(workspaceId, segment.id, { now: NOW });
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listSegmentMembers(workspaceId, segment.id, { after, limit: 4 });
      seen.push(...result.members.map((m) => m.customerId));
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    expect(seen).toEqual(ids.filter((_, i) => i % 2 === 0));
    await expect(listSegmentMembers(workspaceId, segment.id, { after: "9999999999999999999" })).rejects.toThrow(/Not a customer id/);
    const listed = await listSegments(workspaceId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: "Recent buyers", size: 6, owner: null });
    expect(listed[0]!.lastRefreshedAt).toBeInstanceOf(Date);
  });

  it("reports how two segments overlap", async () => {
    const { workspaceId } = await setup();
    const a = (await createSegment(workspaceId, null, { name: "French", kind: "STATIC", definition: french }, { now: NOW })).segment;
    const b = (await createSegment(workspaceId, null, { name: "Recent", kind: "STATIC", definition: recentBuyers }, { now: NOW })).segment;
    // French: 0,3,6,9. Recent: 0,2,4,6,8,10. Both: 0,6.
    expect(await segmentOverlap(workspaceId, a.id, b.id)).toEqual({ onlyA: 2, onlyB: 4, both: 2, union: 8 });
  });

  it("exports members as CSV a standard parser reads back, and stopping early frees the connection", async () => {
    const { workspaceId, ids } = await setup();
    const { segment } = await createSegment(workspaceId, null, { name: "French", kind: "STATIC", definition: french });
    let csv = "";
    for await (const line of exportSegmentMembersCsv(workspaceId, segment.id, { batchSize: 3 })) csv += line;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.customer_id)).toEqual([ids[0], ids[3], ids[6], ids[9]]);
    expect(rows[1]!.email).toBe('"quoted", =cmd@example.com');
    expect(rows[2]!.first_name).toBe("Zoë\nNew line");
    // A cell a spreadsheet would run as a formula is defused.
    expect(rows[3]!.first_name).toBe("'=1+1");
    expect(rows[0]).toMatchObject({ external_id: "c-0", country: "FR", last_name: "" });
    // The header and one scored member to the byte, every cell different, so a swapped column shows.
    await pool.query(`UPDATE customer SET phone = '+33 1 23 45 67 89', last_name = 'Martin', email_consent = true, push_consent = true WHERE id = $1`, [ids[0]]);
    await pool.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, predicted_clv_12m, p_alive, rfm_segment, churn_risk_band) VALUES ($1, $2, 88.5, 0.25, 'Champions', 'high')`,
      [ids[0], workspaceId],
    );
    const entered = await pool.query<{ at: Date }>(`SELECT entered_at AS at FROM segment_membership WHERE segment_id = $1 AND customer_id = $2`, [segment.id, ids[0]]);
    let exact = "";
    for await (const line of exportSegmentMembersCsv(workspaceId, segment.id)) exact += line;
    expect(exact.split("\r\n").slice(0, 2)).toEqual([
      "customer_id,external_id,email,first_name,last_name,phone,country,entered_at,predicted_clv_12m,rfm_segment,p_alive,email_consent,sms_consent,push_consent",
      `${ids[0]},c-0,c0@example.com,Name 0,Martin,+33 1 23 45 67 89,FR,${entered.rows[0]!.at.toISOString()},88.5,Champions,0.25,true,false,true`,
    ]);

    // Fewer rounds than the pool has connections, so a leak shows up as a count rather than a hang.
    for (let i = 0; i < 5; i++) {
      for await (const line of exportSegmentMembersCsv(workspaceId, segment.id, { batchSize: 1 })) {
        expect(line).toContain("customer_id");
        break;
      }
    }
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  it("explains, rule by rule, why one customer is or is not in a segment", async () => {
    const { workspaceId, ids } = await setup();
    const definition = {
      version: 1,
      root: {
        id: "root",
        type: "group",
        combinator: "or",
        children: [
          { id: "fr", type: "attribute", field: "country", match: { op: "equals", value: "FR" } },
          {
            id: "both",
            type: "group",
            combinator: "and",
            negate: true,
            children: [
              { id: "recent", type: "orders", measure: "count", window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 1 } },
              { id: "empty", type: "group", combinator: "or", children: [] },
            ],
          },
        ],
      },
    };
    // Customer 2: not French, ordered recently, so "not (recent)" is false and the customer is out.
    const out = await explainSegment(workspaceId, definition, ids[2]!, { now: NOW });
    expect(out.matches).toBe(false);
    const [fr, both] = out.root.children!;
    expect(fr).toMatchObject({ id: "fr", result: false });
    expect(both).toMatchObject({ id: "both", negate: true, result: false });
    expect(both!.children!.map((c) => [c.id, c.result])).toEqual([
      ["recent", true],
      ["empty", null],
    ]);
    await expect(explainSegment(workspaceId, definition, "9999999999999999999")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Customer 1: last order 400 days ago, so the negated group is true.
    const inside = await explainSegment(workspaceId, definition, ids[1]!, { now: NOW });
    expect(inside.matches).toBe(true);
    expect(inside.root.children![1]).toMatchObject({ result: true });
  });

  it("lists a customer's segments with the ones they are in first, whatever the limit", async () => {
    const { workspaceId, ids } = await setup();
    for (const name of ["A everyone", "B everyone"]) await createSegment(workspaceId, null, { name, kind: "STATIC", definition: definitionOf({ type: "attribute", field: "country", match: { op: "isSet" } }) });
    await createSegment(workspaceId, null, { name: "Z French", kind: "STATIC", definition: french });
    const french0 = await listCustomerSegments(workspaceId, ids[0]!, 1);
    expect(french0.total).toBe(3);
    expect(french0.segments.map((s) => [s.name, s.enteredAt !== null])).toEqual([["A everyone", true]]);
    const us1 = await listCustomerSegments(workspaceId, ids[1]!, 3);
    expect(us1.segments.map((s) => [s.name, s.enteredAt !== null])).toEqual([["A everyone", true], ["B everyone", true], ["Z French", false]]);
    const french3 = await listCustomerSegments(workspaceId, ids[3]!, 10);
    expect(french3.segments.map((s) => s.name)).toEqual(["A everyone", "B everyone", "Z French"]);
    // A member sorts before a non-member whatever the names: "Z French" comes first for a French customer when the others are left out.
    await pool.query(`DELETE FROM segment_membership WHERE workspace_id = $1 AND customer_id = $2 AND segment_id IN (SELECT id FROM segment WHERE workspace_id = $1 AND name <> 'Z French')`, [workspaceId, ids[3]]);
    expect((await listCustomerSegments(workspaceId, ids[3]!, 1)).segments.map((s) => s.name)).toEqual(["Z French"]);
  });
});
