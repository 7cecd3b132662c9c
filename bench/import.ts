// CSV import throughput: a 100k-row orders file (30k customers, all new, then
// the same file again: all unchanged) and a 100k-row customers file, end to end
// through createImport + runImport (decode, scan, parse, validate, COPY,
// upsert, progress). Target: >= 20k rows/s. `npx tsx bench/import.ts`
// Runs in a throw-away workspace, deleted after, in a database of its own
// (created and migrated if missing) so it neither depends on nor disturbs the
// seeded bench database; point BENCH_IMPORT_DATABASE_URL at that one to
// measure imports next to a million existing customers.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";

const DATABASE_URL = process.env.BENCH_IMPORT_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench_import";
process.env.DATABASE_URL = DATABASE_URL;
// The recompute each import requests goes to queues of its own, removed at the end, never to a running install's workers.
process.env.QUEUE_PREFIX = `bench_import_${Date.now()}`;
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

function ordersCsv(): string {
  const lines = ["order_id,customer_id,placed_at,total,currency,channel"];
  const start = Date.UTC(2022, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const placed = new Date(start + ((i * 7919) % (3 * 365 * 86_400)) * 1000).toISOString();
    lines.push(`ORD-${i},CUS-${(i * 31) % CUSTOMERS},${placed},${((i * 37) % 50_000) / 100},EUR,${i % 3 === 0 ? "app" : "web"}`);
  }
  return lines.join("\n");
}

function customersCsv(): string {
  const lines = ["customer_id,email,first_name,last_name,country,signed_up_at,email_consent,loyalty_tier"];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`K-${i},user${i}@example.com,First${i},"Last, ${i}",${i % 2 ? "DE" : "US"},2023-${String(1 + (i % 12)).padStart(2, "0")}-15,${i % 2 ? "yes" : "no"},${["gold", "silver", "bronze"][i % 3]}`);
  }
  return lines.join("\n");
}

// Earlier runs leave dead rows behind; without this, each run measures the previous one's bloat.
async function vacuum() {
  await pool.query("VACUUM (ANALYZE) customer, customer_order, import_job, import_file");
}
await vacuum();

const ws = await db.workspace.create({ data: { slug: `bench-import-${Date.now()}`, name: "Import bench", currency: "EUR" }, select: { id: true } });
const user = await db.user.create({ data: { email: `bench-import-${Date.now()}@example.com`, name: "Bench", passwordHash: "x" }, select: { id: true } });

const CLOCK_TICKS = 100;

/**
 * CPU seconds used so far by this process's Postgres backends (Linux /proc,
 * same machine; 0 where unreadable). With Node's own CPU time this says what
 * an import costs regardless of how busy the machine is.
 */
async function postgresCpu(): Promise<Map<number, number>> {
  const res = await pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'valueloop'");
  const out = new Map<number, number>();
  for (const { pid } of res.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

async function timeImport(label: string, kind: "CUSTOMERS" | "ORDERS", csv: string) {
  const bytes = new TextEncoder().encode(csv);
  const load = loadavg()[0]!;
  const pg0 = await postgresCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { id } = await createImport({ workspaceId: ws.id, userId: user.id, kind, fileName: `${label}.csv`, bytes });
  await db.importJob.update({ where: { id }, data: { confirmedAt: new Date() } });
  const tUpload = performance.now();
  const result = await runImport(ws.id, id);
  const t1 = performance.now();
  if (result.status !== "SUCCEEDED") throw new Error(`${label}: ${result.status}`);
  const seconds = (t1 - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = cpuSince(pg0, await postgresCpu());
  const t = result.totals;
  console.log(
    `${label.padEnd(34)} ${t.processedRows.toLocaleString("en-US")} rows (${(bytes.length / 1024 / 1024).toFixed(1)} MB) in ${seconds.toFixed(2)} s ` +
      `= ${Math.round(t.processedRows / seconds).toLocaleString("en-US")} rows/s end to end, ` +
      `${Math.round(t.processedRows / ((t1 - tUpload) / 1000)).toLocaleString("en-US")} rows/s in the worker  [upload checks ${((tUpload - t0) / 1000).toFixed(2)} s; ` +
      `inserted ${t.insertedRows}, updated ${t.updatedRows}, unchanged ${t.unchangedRows}, customers created ${t.createdCustomers}, errors ${t.errorCount}; ` +
      `CPU: Node ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, Postgres ${pgCpu.toFixed(2)} s; machine load ${load.toFixed(1)}]`,
  );
}

try {
  const orders = ordersCsv();
  await timeImport("orders, new (creates customers)", "ORDERS", orders);
  await timeImport("orders, same file again", "ORDERS", orders);
  await timeImport("customers, new", "CUSTOMERS", customersCsv());
} finally {
  await pool.query("DELETE FROM import_job WHERE workspace_id = $1", [ws.id]);
  await pool.query("DELETE FROM audit_log WHERE workspace_id = $1", [ws.id]);
  await pool.query("DELETE FROM workspace WHERE id = $1", [ws.id]);
  await pool.query("DELETE FROM app_user WHERE id = $1", [user.id]);
  await pool.query("DELETE FROM analytics_run WHERE workspace_id = $1", [ws.id]);
  for (const name of allQueueNames()) await getQueue(name).obliterate({ force: true });
  await closeQueues();
  await vacuum();
  await db.$disconnect();
}
process.exit(0);
