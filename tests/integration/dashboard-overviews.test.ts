import { describe, expect, it } from "vitest";
import { getRfmOverview } from "../../lib/analytics/dashboard/rfm-overview.ts";
import { getValueOverview } from "../../lib/analytics/dashboard/value-overview.ts";
import { db } from "../../lib/db/client.ts";
import { createCustomer, createWorkspace } from "../support/factories.ts";

async function workspaceWithMetrics(rows: { clv: number; pAlive: number; band: string; r: number; f: number; segment: string; revenue: number; orders: number; recency: number }[]) {
  const ws = await createWorkspace();
  for (const row of rows) {
    const c = await createCustomer(ws.id);
    await db.customerMetrics.create({
      data: {
        customerId: c.id,
        workspaceId: ws.id,
        orderCount: row.orders,
        revenue: row.revenue,
        recencyDays: row.recency,
        rScore: row.r,
        fScore: row.f,
        mScore: 3,
        rfmSegment: row.segment,
        pAlive: row.pAlive,
        predictedClv12m: row.clv,
        expectedPurchases365d: 1.5,
        churnRiskBand: row.band,
      },
    });
  }
  // A customer with no metrics at all must not count anywhere.
  await createCustomer(ws.id);
  return ws;
}

describe("LTV & Churn overview", () => {
  it("sums, averages, bands and deciles exactly as a hand count does", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      clv: i + 1,
      pAlive: i < 5 ? 0.1 : i < 12 ? 0.5 : 0.9,
      band: i < 5 ? "high" : i < 12 ? "medium" : "low",
      r: 1 + (i % 5),
      f: 1 + ((i * 2) % 5),
      segment: i % 2 ? "Champions" : "Hibernating",
      revenue: 100 + i,
      orders: 1 + (i % 3),
      recency: 10 * i,
    }));
    const ws = await workspaceWithMetrics(rows);
    const o = await getValueOverview(ws.id);
    expect(o.scoredCustomers).toBe(20);
    expect(o.totalPredictedClv12m).toBeCloseTo(210, 9); // 1 + ... + 20
    expect(o.meanPAlive).toBeCloseTo((5 * 0.1 + 7 * 0.5 + 8 * 0.9) / 20, 12);
    expect(o.expectedPurchases365d).toBeCloseTo(30, 9);
    expect(o.bands.map((b) => [b.band, b.customers])).toEqual([
      ["low", 8],
      ["medium", 7],
      ["high", 5],
    ]);
    const high = o.bands.find((b) => b.band === "high")!;
    expect(high.predictedClv12m).toBeCloseTo(1 + 2 + 3 + 4 + 5, 9);
    expect(high.revenueToDate).toBeCloseTo(100 + 101 + 102 + 103 + 104, 9);
    expect(high.share).toBeCloseTo(0.25, 12);
    // 20 customers in 10 deciles: two each, lowest values first.
    expect(o.deciles.map((d) => [d.decile, d.customers, d.minClv, d.maxClv, d.totalClv])).toEqual(
      Array.from({ length: 10 }, (_, k) => [k + 1, 2, 2 * k + 1, 2 * k + 2, 4 * k + 3]),
    );
  });

  it("is empty for a workspace without runs", async () => {
    const ws = await createWorkspace();
    await createCustomer(ws.id);
    const o = await getValueOverview(ws.id);
    expect(o).toMatchObject({ scoredCustomers: 0, totalPredictedClv12m: 0, meanPAlive: null, bands: [], deciles: [] });
  });
});

describe("RFM overview", () => {
  it("counts segments and R × F cells and never mixes in another workspace", async () => {
    const rows = [
      { r: 5, f: 5, segment: "Champions", revenue: 500, orders: 9, recency: 2 },
      { r: 5, f: 5, segment: "Champions", revenue: 300, orders: 7, recency: 4 },
      { r: 1, f: 2, segment: "Hibernating", revenue: 40, orders: 1, recency: 300 },
    ].map((r) => ({ ...r, clv: 1, pAlive: 0.5, band: "medium" }));
    const ws = await workspaceWithMetrics(rows);
    await workspaceWithMetrics(rows.map((r) => ({ ...r, segment: "Lost" })));
    const o = await getRfmOverview(ws.id);
    expect(o.scoredCustomers).toBe(3);
    expect(o.segments).toEqual([
      { segment: "Champions", customers: 2, share: 2 / 3, meanRecencyDays: 3, meanOrders: 8, meanRevenue: 400, revenue: 800 },
      { segment: "Hibernating", customers: 1, share: 1 / 3, meanRecencyDays: 300, meanOrders: 1, meanRevenue: 40, revenue: 40 },
    ]);
    expect(o.grid[4]![4]).toBe(2);
    expect(o.grid[0]![1]).toBe(1);
    expect(o.grid.flat().reduce((s, n) => s + n, 0)).toBe(3);
  });
});
