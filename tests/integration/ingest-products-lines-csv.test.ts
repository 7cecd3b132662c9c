import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { getImportErrors } from "../../lib/ingest/imports/get-import.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { definitionOf } from "../../lib/segments/testing/segment-test-data.ts";
import { importCsv, importSetup } from "../support/import-csv.ts";

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

const ORDERS = ["Order ID,Customer ID,Order Date,Total", "o1,c1,2026-01-10,40.00", "o2,c1,2026-02-10,25.00", "o3,c2,2026-02-11,12.50"].join("\n");

const PRODUCTS = [
  "SKU,Product Name,Category,Brand,Price,Launch Date,Colour",
  "tea-1,Sencha,Tea > Green tea,Leafhouse,12.90,2025-03-01,green",
  "tea-2,Assam,Tea > Black tea,Leafhouse,9.50,,",
  "mug-1,Stoneware mug,Kitchen,Potters,24.00,2024-11-30,white",
].join("\n");

async function products(workspaceId: number) {
  return db.product.findMany({
    where: { workspaceId },
    select: { externalId: true, name: true, category: true, brand: true, price: true, launchDate: true, attributes: true },
    orderBy: { externalId: "asc" },
  });
}

async function lines(workspaceId: number) {
  const rows = await db.orderItem.findMany({
    where: { workspaceId },
    select: { lineNumber: true, quantity: true, unitPrice: true, discount: true, order: { select: { externalId: true } }, product: { select: { externalId: true } } },
  });
  return rows
    .map((l) => [l.order.externalId, l.product?.externalId ?? null, l.lineNumber, l.quantity, l.unitPrice.toFixed(2), l.discount.toFixed(2)] as const)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Customers (external ids) with at least one counted order holding the category, ever: the "Bought from category" rule. */
async function boughtFrom(workspaceId: number, category: string): Promise<string[]> {
  const definition = definitionOf({ type: "purchase", target: { by: "category", categories: [category] }, window: { kind: "ever" }, match: { op: "gte", value: 1 } });
  const count = await countSegment(workspaceId, definition, { sampleSize: 100 });
  expect(count.size).toBe(count.sample.length);
  return count.sample.map((c) => c.externalId).sort();
}

describe("CSV import of products", () => {
  it("maps a catalogue export, stores category paths, brand, price, launch date and extra columns as attributes", async () => {
    const ctx = await importSetup();
    const { summary } = await importCsv(ctx, "PRODUCTS", PRODUCTS);
    expect(summary).toMatchObject({ status: "SUCCEEDED", processedRows: 3, insertedRows: 3, errorCount: 0 });
    expect((await products(ctx.workspaceId)).map((p) => [p.externalId, p.name, p.category, p.brand, p.price?.toFixed(2), p.launchDate?.toISOString().slice(0, 10), p.attributes])).toEqual([
      ["mug-1", "Stoneware mug", "Kitchen", "Potters", "24.00", "2024-11-30", { Colour: "white" }],
      ["tea-1", "Sencha", "Tea > Green tea", "Leafhouse", "12.90", "2025-03-01", { Colour: "green" }],
      ["tea-2", "Assam", "Tea > Black tea", "Leafhouse", "9.50", undefined, {}],
    ]);
  });

  it("reports bad rows by line, column and reason while the good rows go in", async () => {
    const ctx = await importSetup();
    const csv = [
      "sku,name,category,price,launch_date",
      "p1,Good one,Shoes,10,2025-01-01",
      "p2,,Shoes,10,2025-01-01", // no name
      "p3,Bad price,Shoes,ten,2025-01-01",
      "p4,Bad path,Shoes >  > Running,10,2025-01-01",
      "p5,Bad date,Shoes,10,2025-02-30",
      "p6,Also good,Shoes > Running,0,",
    ].join("\n");
    const { id, summary } = await importCsv(ctx, "PRODUCTS", csv);
    expect(summary).toMatchObject({ status: "SUCCEEDED", processedRows: 6, insertedRows: 2, errorCount: 4 });
    expect((await getImportErrors(ctx.workspaceId, id)).map((e) => [e.line, e.column, e.reason, e.value])).toEqual([
      [3, "name", "is required", ""],
      [4, "price", "is not a number (use digits with an optional decimal point, e.g. 1234.50)", "ten"],
      [5, "category", "has an empty level (write levels like “Apparel > Shoes”)", "Shoes >  > Running"],
      [6, "launch_date", "is not a real calendar date", "2025-02-30"],
    ]);
    expect((await products(ctx.workspaceId)).map((p) => [p.externalId, p.category])).toEqual([
      ["p1", "Shoes"],
      ["p6", "Shoes > Running"],
    ]);
  });

  it("re-importing the same file changes nothing; a changed row is updated and its purchases move to the new category", async () => {
    const ctx = await importSetup();
    await importCsv(ctx, "ORDERS", ORDERS);
    await importCsv(ctx, "PRODUCTS", PRODUCTS);
    await importCsv(ctx, "ORDER_LINES", "order_id,sku,qty,unit_price\no1,tea-1,2,12.90\no3,mug-1,1,12.50\n");
    const before = await products(ctx.workspaceId);
    const again = await importCsv(ctx, "PRODUCTS", PRODUCTS);
    expect(again.summary).toMatchObject({ insertedRows: 0, updatedRows: 0, unchangedRows: 3, errorCount: 0 });
    expect(await products(ctx.workspaceId)).toEqual(before);
    expect(await boughtFrom(ctx.workspaceId, "Tea > Green tea")).toEqual(["c1"]);

    // Sencha is recategorised (and repriced); an empty brand cell keeps the stored brand.
    const changed = await importCsv(ctx, "PRODUCTS", "SKU,Product Name,Category,Brand,Price\ntea-1,Sencha,Tea > Japanese tea,,13.50\nmug-1,Stoneware mug,Kitchen,Potters,24.00\n");
    expect(changed.summary).toMatchObject({ insertedRows: 0, updatedRows: 1, unchangedRows: 1 });
    const sencha = (await products(ctx.workspaceId)).find((p) => p.externalId === "tea-1")!;
    expect([sencha.category, sencha.brand, sencha.price?.toFixed(2), sencha.attributes]).toEqual(["Tea > Japanese tea", "Leafhouse", "13.50", { Colour: "green" }]);
    expect(await boughtFrom(ctx.workspaceId, "Tea > Green tea")).toEqual([]);
    expect(await boughtFrom(ctx.workspaceId, "Tea > Japanese tea")).toEqual(["c1"]);
  });
});

describe("CSV import of order lines", () => {
  it("writes lines of known orders and products, refuses a line naming an unknown product or order by line and column, and the category rule matches", async () => {
    const ctx = await importSetup();
    await importCsv(ctx, "ORDERS", ORDERS);
    await importCsv(ctx, "PRODUCTS", PRODUCTS);
    expect(await boughtFrom(ctx.workspaceId, "Kitchen")).toEqual([]);
    const csv = [
      "Order Number,SKU,Line,Quantity,Unit Price,Discount",
      "o1,tea-1,1,2,12.90,1.80",
      "o1,mug-1,2,1,24.00,",
      "o2,tea-9,1,1,9.50,", // unknown product
      "o9,tea-2,1,1,9.50,", // unknown order
      "o2,tea-2,1,0,9.50,", // quantity 0
      "o2,tea-2,1,1,9.50,20.00", // discount above the line's worth
      "o3,mug-1,1,1,12.50,",
    ].join("\n");
    const { id, summary } = await importCsv(ctx, "ORDER_LINES", csv);
    expect(summary).toMatchObject({ status: "SUCCEEDED", processedRows: 7, insertedRows: 3, updatedRows: 0, errorCount: 4 });
    expect((await getImportErrors(ctx.workspaceId, id)).map((e) => [e.line, e.column, e.reason, e.value])).toEqual([
      [4, "SKU", "names product “tea-9”, which this workspace does not have; import the products first", "tea-9"],
      [5, "Order Number", "names order “o9”, which this workspace does not have; import the orders first", "o9"],
      [6, "Quantity", "must be between 1 and 1,000,000", "0"],
      [7, "Discount", "is more than quantity × unit_price", "20.00"],
    ]);
    expect(await lines(ctx.workspaceId)).toEqual([
      ["o1", "mug-1", 2, 1, "24.00", "0.00"],
      ["o1", "tea-1", 1, 2, "12.90", "1.80"],
      ["o3", "mug-1", 1, 1, "12.50", "0.00"],
    ]);
    // Customers c1 (o1) and c2 (o3) bought from Kitchen; only c1 bought green tea.
    expect(await boughtFrom(ctx.workspaceId, "Kitchen")).toEqual(["c1", "c2"]);
    expect(await boughtFrom(ctx.workspaceId, "Tea > Green tea")).toEqual(["c1"]);

    // The same file again: every written line unchanged, the same rows refused.
    const again = await importCsv(ctx, "ORDER_LINES", csv);
    expect(again.summary).toMatchObject({ insertedRows: 0, updatedRows: 0, unchangedRows: 3, errorCount: 4 });
    // A changed line is updated in place, not added; a line without a line number is line 1.
    const changed = await importCsv(ctx, "ORDER_LINES", "order_id,sku,qty,unit_price\no1,tea-1,3,12.90\no2,tea-2,1,9.50\n");
    expect(changed.summary).toMatchObject({ insertedRows: 1, updatedRows: 1, unchangedRows: 0, errorCount: 0 });
    expect(await lines(ctx.workspaceId)).toEqual([
      ["o1", "mug-1", 2, 1, "24.00", "0.00"],
      ["o1", "tea-1", 1, 3, "12.90", "1.80"],
      ["o2", "tea-2", 1, 1, "9.50", "0.00"],
      ["o3", "mug-1", 1, 1, "12.50", "0.00"],
    ]);
  });

  it("a refused line in one batch does not hold back the others, and batch boundaries change nothing", async () => {
    const ctx = await importSetup();
    await importCsv(ctx, "ORDERS", ORDERS);
    await importCsv(ctx, "PRODUCTS", PRODUCTS);
    const rows = ["order,product,line_number,unit_price"];
    for (let i = 1; i <= 40; i++) rows.push(`o${1 + (i % 3)},${i % 10 === 0 ? "ghost" : ["tea-1", "tea-2", "mug-1"][i % 3]},${i},1.00`);
    const { id, summary } = await importCsv(ctx, "ORDER_LINES", rows.join("\n"), undefined, 7);
    expect(summary).toMatchObject({ processedRows: 40, insertedRows: 36, errorCount: 4 });
    expect((await getImportErrors(ctx.workspaceId, id)).map((e) => e.line)).toEqual([11, 21, 31, 41]);
    expect((await lines(ctx.workspaceId)).length).toBe(36);
  });
});
