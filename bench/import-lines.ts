// CSV import throughput for products and order lines, end to end through
// createImport + runImport (decode, scan, parse, validate, COPY, upsert,
// progress), each beside a yardstick measured in the same run: the orders
// import of the same size (100k new orders creating 30k customers), the
// import path BENCHMARKS.md has tracked since the start. New order lines
// also append to their buyers' category and product timelines in the writing
// transaction (the order_item INSERT trigger), which is the part worth watching.
// Target: >= 20k rows/s. `npx tsx bench/import-lines.ts`
// Runs in a throw-away workspace in a database of its own (created and
// migrated if missing; not bench/import.ts's, so the two can run side by side), deleted after.
import { loadavg } from "node:os";
import path from "node:path";

const DATABASE_URL = process.env.BENCH_IMPORT_LINES_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench_import_lines";
process.env.DATABASE_URL = DATABASE_URL;
// The recompute each import requests goes to queues of its own, removed at the end, never to a running install's workers.
process.env.QUEUE_PREFIX = `bench_import_lines_${Date.now()}`;
const { ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
await ensureDatabase(DATABASE_URL);
await migrate(DATABASE_URL, path.resolve(import.meta.dirname, "../prisma/migrations"));
const { db } = await import("../lib/db/client.ts");
const { pool } = await import("../lib/db/pool.ts");
const { createImport } = await import("../lib/ingest/imports/create-import.ts");
const { runImport } = await import("../lib/ingest/imports/run-import.ts");
const { allQueueNames, closeQueues, getQueue } = await import("../lib/queue/queues.ts");

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const CUSTOMERS = Math.round(ROWS * 0.3);
const ORDERS = ROWS;
const PRODUCTS = ROWS;
// Lines sorted by order, as shop exports write them: 2.5 lines per order over the first 40% of the orders.
const ORDERS_WITH_LINES = Math.round(ROWS * 0.4);
const CATEGORIES = ["Tea", "Coffee", "Kitchen", "Books", "Garden", "Toys", "Apparel", "Shoes"];

function ordersCsv(): string {
  const lines = ["order_id,customer_id,placed_at,total,currency,channel"];
  const start = Date.UTC(2022, 0, 1);
  for (let i = 0; i < ORDERS; i++) {
    const placed = new Date(start + ((i * 7919) % (3 * 365 * 86_400)) * 1000).toISOString();
    lines.push(`ORD-${i},CUS-${(i * 31) % CUSTOMERS},${placed},${((i * 37) % 50_000) / 100},EUR,${i % 3 === 0 ? "app" : "web"}`);
  }
  return lines.join("\n");
}

function productsCsv(): string {
  const lines = ["sku,name,category,brand,price,launch_date,colour"];
  for (let i = 0; i < PRODUCTS; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    lines.push(
      `SKU-${i},"${category} item ${i}",${category} > Range ${i % 25},Brand ${i % 40},${(1 + ((i * 53) % 20_000) / 100).toFixed(2)},2024-${String(1 + (i % 12)).padStart(2, "0")}-01,${["red", "blue", "green"][i % 3]}`,
    );
  }
  return lines.join("\n");
}

function orderLinesCsv(): string {
  const lines = ["order_id,sku,line_number,quantity,unit_price,discount"];
  for (let i = 0; i < ROWS; i++) {
    const order = Math.floor((i * ORDERS_WITH_LINES) / ROWS);
    const first = Math.ceil((order * ROWS) / ORDERS_WITH_LINES);
    lines.push(`ORD-${order},SKU-${(i * 7919) % PRODUCTS},${i - first + 1},${1 + (i % 3)},${(1 + ((i * 13) % 9_000) / 100).toFixed(2)},${i % 5 === 0 ? "0.50" : ""}`);
  }
  return lines.join("\n");
}

// Earlier runs leave dead rows behind; without this, each run measures the previous one's bloat.
async function vacuum() {
  await pool.query("VACUUM (ANALYZE) customer, customer_order, order_item, product, customer_category_timeline, import_job, import_file");
}
await vacuum();

const ws = await db.workspace.create({ data: { slug: `bench-import-lines-${Date.now()}`, name: "Import bench (lines)", currency: "EUR" }, select: { id: true } });
const user = await db.user.create({ data: { email: `bench-import-lines-${Date.now()}@example.com`, name: "Bench", passwordHash: "x" }, select: { id: true } });

async function timeImport(label: string, kind: "ORDERS" | "PRODUCTS" | "ORDER_LINES", csv: string): Promise<number> {
  const bytes = new TextEncoder().encode(csv);
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const { id } = await createImport({ workspaceId: ws.id, userId: user.id, kind, fileName: `${label}.csv`, bytes });
  await db.importJob.update({ where: { id }, data: { confirmedAt: new Date() } });
  const result = await runImport(ws.id, id);
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== "SUCCEEDED") throw new Error(`${label}: ${result.status}`);
  const t = result.totals;
  if (t.errorCount > 0) throw new Error(`${label}: ${t.errorCount} rejected rows`);
  const rate = t.processedRows / seconds;
  console.log(
    `${label.padEnd(36)} ${t.processedRows.toLocaleString("en-US")} rows (${(bytes.length / 1024 / 1024).toFixed(1)} MB) in ${seconds.toFixed(2)} s ` +
      `= ${Math.round(rate).toLocaleString("en-US")} rows/s  [inserted ${t.insertedRows}, updated ${t.updatedRows}, unchanged ${t.unchangedRows}; machine load ${load.toFixed(1)}]`,
  );
  return rate;
}

try {
  const yardstick = await timeImport("yardstick: orders, new", "ORDERS", ordersCsv());
  const ratio = (rate: number) => console.log(`${"".padEnd(36)} = ${(rate / yardstick).toFixed(2)}× the yardstick`);
  const products = productsCsv();
  ratio(await timeImport("products, new", "PRODUCTS", products));
  ratio(await timeImport("products, same file again", "PRODUCTS", products));
  const orderLines = orderLinesCsv();
  ratio(await timeImport("order lines, new (timelines appended)", "ORDER_LINES", orderLines));
  ratio(await timeImport("order lines, same file again", "ORDER_LINES", orderLines));
  const categories = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM customer_category_timeline WHERE workspace_id = $1", [ws.id]);
  console.log(`category timeline rows after the lines: ${Number(categories.rows[0]!.n).toLocaleString("en-US")}`);
} finally {
  await pool.query("DELETE FROM import_job WHERE workspace_id = $1", [ws.id]);
  await pool.query("DELETE FROM audit_log WHERE workspace_id = $1", [ws.id]);
  // One statement per table, children first: a cascade from the workspace runs one statement (and its timeline
  // triggers) per deleted parent row, minutes for 100k orders. Each deleted product still looks for lines to unlink
  // (ON DELETE SET NULL) with a scan of order_item, which no index leads with product_id: the deleted lines are
  // vacuumed away first so that scan is short.
  await pool.query("DELETE FROM order_item WHERE workspace_id = $1", [ws.id]);
  await pool.query("VACUUM order_item");
  for (const table of ["customer_order", "customer", "product"]) await pool.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [ws.id]);
  await pool.query("DELETE FROM workspace WHERE id = $1", [ws.id]);
  await pool.query("DELETE FROM app_user WHERE id = $1", [user.id]);
  await pool.query("DELETE FROM analytics_run WHERE workspace_id = $1", [ws.id]);
  for (const name of allQueueNames()) await getQueue(name).obliterate({ force: true });
  await closeQueues();
  await vacuum();
  await db.$disconnect();
}
process.exit(0);
