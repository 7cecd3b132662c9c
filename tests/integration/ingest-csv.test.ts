import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createImport } from "../../lib/ingest/imports/create-import.ts";
import { getImport, getImportErrors } from "../../lib/ingest/imports/get-import.ts";
import { importErrorsCsv } from "../../lib/ingest/imports/import-errors-csv.ts";
import { MAX_IMPORT_BYTES } from "../../lib/ingest/imports/limits.ts";
import { previewImport } from "../../lib/ingest/imports/preview-import.ts";
import { runImport } from "../../lib/ingest/imports/run-import.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { importCsv, importSetup } from "../support/import-csv.ts";

const encoder = new TextEncoder();
const setup = importSetup;

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

describe("CSV import: reading files", () => {
  it("handles BOM, quotes, embedded newlines, CRLF, and detects the delimiter", async () => {
    const ctx = await setup();
    const csv =
      '\uFEFF"Customer ID";"E-mail";"First Name";City;Notes\r\n' +
      'c1;ADA@EXAMPLE.COM;"Ada";"London";"likes ""tea"";\nand cake"\r\n' +
      "\r\n" +
      'c2;grace@example.com;Grace;"New York, NY";\r\n';
    const { summary } = await importCsv(ctx, "CUSTOMERS", csv);
    expect(summary).toMatchObject({ status: "SUCCEEDED", processedRows: 2, insertedRows: 2, errorCount: 0 });
    const rows = await db.customer.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { externalId: "asc" } });
    expect(rows.map((r) => [r.externalId, r.email, r.firstName, r.city])).toEqual([
      ["c1", "ada@example.com", "Ada", "London"],
      ["c2", "grace@example.com", "Grace", "New York, NY"],
    ]);
    // The unmapped column is kept as an attribute, newline and quotes intact.
    expect(rows[0]?.attributes).toEqual({ Notes: 'likes "tea";\nand cake' });
    expect(rows[1]?.attributes).toEqual({});
  });

  it("reads tab-separated orders with comma decimals, day-first and compact dates, offsets, and the workspace zone", async () => {
    const ctx = await setup({ currency: "EUR", timezone: "Europe/Berlin" });
    const csv = [
      "Order No\tCustomer\tOrder Date\tAmount\tCurrency",
      "o1\tc1\t31/01/2024\t1.234,50\t",
      "o2\tc1\t20240305\t12,00\tusd",
      "o3\tc2\t2024-03-05T23:30:00-05:00\t0\tEUR",
      "o4\tc2\t2024-07-01 09:15\t€ 99,99\t",
    ].join("\n");
    const { summary } = await importCsv(ctx, "ORDERS", csv);
    expect(summary).toMatchObject({ status: "SUCCEEDED", insertedRows: 4, errorCount: 0, createdCustomers: 2 });
    const orders = await db.order.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { externalId: "asc" } });
    expect(orders.map((o) => [o.externalId, o.placedAt.toISOString(), o.total.toFixed(2), o.currency])).toEqual([
      ["o1", "2024-01-30T23:00:00.000Z", "1234.50", "EUR"], // Berlin midnight in winter (CET, UTC+1)
      ["o2", "2024-03-04T23:00:00.000Z", "12.00", "USD"],
      ["o3", "2024-03-06T04:30:00.000Z", "0.00", "EUR"],
      ["o4", "2024-07-01T07:15:00.000Z", "99.99", "EUR"], // summer time (CEST, UTC+2)
    ]);
  });
});

describe("CSV import: validation report", () => {
  const csv = [
    "customer_id,email,country,signed_up_at,email_consent",
    "ok-1,ok1@example.com,DE,2024-01-02,yes",
    ",nobody@example.com,FR,,",
    "bad-2,not-an-email,Germany,2024-02-30,perhaps",
    'ok-2,"ok2@example.com",us,20240105,0',
    "bad-3,x@example.com,GB,2024-01-01,1,surplus",
  ].join("\n");

  it("imports the good rows and reports every bad cell with line, column and reason", async () => {
    const ctx = await setup();
    const { summary, id } = await importCsv(ctx, "CUSTOMERS", csv);
    expect(summary).toMatchObject({ status: "SUCCEEDED", processedRows: 5, insertedRows: 2, errorCount: 3 });
    const ids = await db.customer.findMany({ where: { workspaceId: ctx.workspaceId }, select: { externalId: true, country: true }, orderBy: { externalId: "asc" } });
    expect(ids).toEqual([
      { externalId: "ok-1", country: "DE" },
      { externalId: "ok-2", country: "US" },
    ]);
    const errors = await getImportErrors(ctx.workspaceId, id);
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, "customer_id", "is required"],
      [4, "email", "is not a valid email address"],
      [4, "country", "must be a two-letter ISO 3166 country code (e.g. DE, US)"],
      [4, "signed_up_at", "is not a real calendar date"],
      [4, "email_consent", "must be true/false, yes/no or 1/0"],
      [6, "(row)", expect.stringContaining("has 6 fields but the header has 5")],
    ]);
    const download = importErrorsCsv(errors);
    expect(download.split("\r\n")[0]).toBe("\uFEFFline,column,reason,value");
    expect(download).toContain("4,email,is not a valid email address,not-an-email");
  });

  it("preview shows the first rows as they will be imported, with per-cell errors", async () => {
    const ctx = await setup();
    const { id } = await createImport({ ...ctx, kind: "CUSTOMERS", fileName: "c.csv", bytes: encoder.encode(csv) });
    const preview = await previewImport(ctx.workspaceId, id);
    expect(preview.draft).toBe(true);
    expect(preview.mapping).toMatchObject({ external_id: "customer_id", email: "email", country: "country" });
    expect(preview.problems).toEqual([]);
    expect(preview.rows[0]?.cells.country).toEqual({ raw: "DE", value: "DE", error: null });
    expect(preview.rows[0]?.cells.email_consent).toEqual({ raw: "yes", value: "yes", error: null });
    expect(preview.rows[2]?.cells.email).toMatchObject({ raw: "not-an-email", value: null, error: "is not a valid email address" });
    const unmapped = await previewImport(ctx.workspaceId, id, { mapping: { email: "email" }, attributeColumns: [] });
    expect(unmapped.problems).toEqual([expect.stringContaining("Customer ID (external_id); it is required")]);
  });
});

describe("CSV import: idempotency and the unknown-customer rule", () => {
  it("importing the same orders file twice leaves the same rows and counts the second run as unchanged", async () => {
    const ctx = await setup();
    const lines = ["order_id,customer_id,placed_at,total"];
    for (let i = 0; i < 250; i++) lines.push(`o${i},c${i % 40},2024-02-${String(1 + (i % 28)).padStart(2, "0")}T12:00:00Z,${(i * 1.25).toFixed(2)}`);
    const csv = lines.join("\n");
    const snapshot = async () =>
      db.order.findMany({
        where: { workspaceId: ctx.workspaceId },
        select: { externalId: true, total: true, placedAt: true, updatedAt: true, customer: { select: { externalId: true } } },
        orderBy: { externalId: "asc" },
      });
    const first = await importCsv(ctx, "ORDERS", csv, undefined, 100);
    expect(first.summary).toMatchObject({ insertedRows: 250, updatedRows: 0, createdCustomers: 40, processedRows: 250 });
    const before = await snapshot();
    const second = await importCsv(ctx, "ORDERS", csv, undefined, 100);
    expect(second.summary).toMatchObject({ insertedRows: 0, updatedRows: 0, unchangedRows: 250, createdCustomers: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await db.customer.count({ where: { workspaceId: ctx.workspaceId } })).toBe(40);
  });

  it("a changed re-import updates in place; a repeated id in one file keeps the last row", async () => {
    const ctx = await setup();
    await importCsv(ctx, "ORDERS", "order_id,customer_id,placed_at,total\no1,c1,2024-01-01,10\no2,c1,2024-01-02,20\n");
    const { summary } = await importCsv(ctx, "ORDERS", "order_id,customer_id,placed_at,total\no1,c2,2024-01-01,10\no2,c1,2024-01-02,25\no2,c1,2024-01-02,30\n");
    expect(summary).toMatchObject({ insertedRows: 0, updatedRows: 2, createdCustomers: 1 });
    const orders = await db.order.findMany({ where: { workspaceId: ctx.workspaceId }, select: { externalId: true, total: true, customer: { select: { externalId: true } } }, orderBy: { externalId: "asc" } });
    expect(orders.map((o) => [o.externalId, o.customer.externalId, o.total.toFixed(2)])).toEqual([
      ["o1", "c2", "10.00"],
      ["o2", "c1", "30.00"],
    ]);
  });

  it("customers imported after their orders fill in the minimal customer rather than duplicating it", async () => {
    const ctx = await setup();
    await importCsv(ctx, "ORDERS", "order_id,customer_id,placed_at,total\no1,c9,2024-01-01,10\n");
    const { summary } = await importCsv(ctx, "CUSTOMERS", "customer_id,email\nc9,c9@example.com\n");
    expect(summary).toMatchObject({ insertedRows: 0, updatedRows: 1 });
    const customers = await db.customer.findMany({ where: { workspaceId: ctx.workspaceId }, select: { externalId: true, email: true, _count: { select: { orders: true } } } });
    expect(customers).toEqual([{ externalId: "c9", email: "c9@example.com", _count: { orders: 1 } }]);
  });
});

describe("CSV import: refused uploads change nothing", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["an Excel workbook", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /Excel workbook/],
    ["an empty file", new Uint8Array(), /empty/],
    ["a header without rows", encoder.encode("customer_id,email\n"), /no data rows/],
    ["no recognisable columns", encoder.encode("foo,bar\n1,2\n"), /None of the columns \(foo, bar\)/],
    ["data instead of a header", encoder.encode("a@example.com,2024-01-01\nb@example.com,2024-01-02\n"), /looks like data/],
    ["an unclosed quote", encoder.encode('customer_id,email\nc1,"oops\nc2,x@example.com\n'), /line 2 is never closed/],
    ["JSON", encoder.encode('[{"customer_id": 1}]'), /looks like JSON/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`refuses ${name}`, async () => {
      const ctx = await setup();
      await expect(createImport({ ...ctx, kind: "CUSTOMERS", fileName: "x.csv", bytes })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(message) });
      expect(await db.importJob.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    });
  }

  it("refuses a file over the size limit with PAYLOAD_TOO_LARGE", async () => {
    const ctx = await setup();
    const bytes = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61);
    await expect(createImport({ ...ctx, kind: "CUSTOMERS", fileName: "big.csv", bytes })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await db.importJob.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
  });
});

describe("CSV import: a batch that fails for a non-row reason", () => {
  it("rolls the batch back whole and leaves the import FAILED with a clear message", async () => {
    const ctx = await setup();
    // Stands in for the database failing mid-import: any write of this order id errors.
    const fn = `ingest_fail_${ctx.workspaceId}`;
    await pool.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.workspace_id = ${ctx.workspaceId} AND NEW.external_id = 'o7' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`);
    await pool.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON customer_order FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const lines = ["order_id,customer_id,placed_at,total"];
      for (let i = 0; i < 12; i++) lines.push(`o${i},c${i},2024-01-01,1`);
      const { id } = await createImport({ ...ctx, kind: "ORDERS", fileName: "o.csv", bytes: encoder.encode(lines.join("\n")) });
      await db.importJob.update({ where: { id }, data: { confirmedAt: new Date() } });
      await expect(runImport(ctx.workspaceId, id, { batchRows: 5 })).rejects.toThrow(/lines 7–11 failed: disk full \(simulated\)/);
      const job = await getImport(ctx.workspaceId, id);
      expect(job.status).toBe("FAILED");
      expect(job.error).toMatch(/The 5 rows before them were imported; nothing from this batch was written\. Running the import again is safe\./);
      expect(job.processedRows).toBe(5);
      const orders = await db.order.findMany({ where: { workspaceId: ctx.workspaceId }, select: { externalId: true }, orderBy: { id: "asc" } });
      expect(orders.map((o) => o.externalId)).toEqual(["o0", "o1", "o2", "o3", "o4"]);
      // Customers of the failed batch were rolled back with it.
      expect(await db.customer.count({ where: { workspaceId: ctx.workspaceId } })).toBe(5);
    } finally {
      await pool.query(`DROP TRIGGER ${fn} ON customer_order`);
      await pool.query(`DROP FUNCTION ${fn}()`);
    }
  });
});
