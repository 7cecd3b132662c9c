// What the campaign benchmarks share: a database of their own (created and
// migrated if missing), queues of their own, a throw-away workspace with an
// admin and email settings pointing at a local SMTP sink, a real worker
// process, and the cleanup. Import it first: it sets the environment that
// lib/ reads at import.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";

/** The email channel's connections per worker, and the yardstick's (BENCH_SMTP_CONNECTIONS). */
export const SMTP_CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 5);
export const DATABASE_URL = process.env.BENCH_CAMPAIGN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench_campaign";
process.env.DATABASE_URL = DATABASE_URL;
process.env.QUEUE_PREFIX = `bench_campaign_${Date.now()}`;
process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
process.env.PUBLIC_URL ??= "https://app.valueloop.test";
export const root = path.resolve(import.meta.dirname, "..");

const { ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
await ensureDatabase(DATABASE_URL);
await migrate(DATABASE_URL, path.resolve(root, "prisma/migrations"));
const { pool } = await import("../lib/db/pool.ts");
const { saveChannelSettings } = await import("../lib/channels/settings.ts");
const { allQueueNames, closeQueues, getQueue } = await import("../lib/queue/queues.ts");

export { pool };

/** A local SMTP server that calls `onMail` with each mail's envelope recipients as it arrives. */
export async function startSink(onMail: (recipients: string[]) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        onMail(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  sink.on("error", () => undefined);
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  return { port: (sink.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => sink.close(() => resolve())) };
}

export interface BenchWorkspace {
  workspaceId: number;
  actor: { userId: string; role: "ADMIN" };
}

/** A workspace with an admin, email settings for the sink, and `customers` consenting customers `<prefix><n>@customer.example`. */
export async function createBenchWorkspace(sinkPort: number, customers: number, prefix: string): Promise<BenchWorkspace> {
  const { rows: ws } = await pool.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, 'Campaign bench') RETURNING id`, [`bench-${prefix}-${Date.now()}`]);
  const workspaceId = ws[0]!.id;
  const { rows: user } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (id, email, name, password_hash) VALUES (gen_random_uuid()::text, $1, 'Bench', 'x') RETURNING id`,
    [`bench-${prefix}-${Date.now()}@example.test`],
  );
  const userId = user[0]!.id;
  await pool.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, 'ADMIN')`, [workspaceId, userId]);
  await saveChannelSettings(workspaceId, userId, { channel: "email", host: "127.0.0.1", port: sinkPort, security: "none", username: null, fromName: "Acme", fromAddress: "news@shop.example", replyTo: null, connections: SMTP_CONNECTIONS });
  await pool.query(
    `INSERT INTO customer (workspace_id, external_id, email, first_name, email_consent)
     SELECT $1, $3 || '-' || n, $3 || n || '@customer.example', 'Ada', true FROM generate_series(1, $2::int) n`,
    [workspaceId, customers, prefix],
  );
  return { workspaceId, actor: { userId, role: "ADMIN" } };
}

/** `node --import tsx workers/index.ts` with this bench's environment: one process, as in production. */
export function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, [...(process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", "workers/index.ts"], { cwd: root, env: process.env, stdio: ["ignore", "ignore", "inherit"] });
}

export async function cleanUp(workspaceId: number | null, worker: ChildProcess | null): Promise<void> {
  worker?.kill("SIGTERM");
  if (workspaceId !== null) await pool.query(`DELETE FROM workspace WHERE id = $1`, [workspaceId]);
  for (const name of allQueueNames()) await getQueue(name).obliterate({ force: true }).catch(() => undefined);
  await closeQueues();
  await pool.end();
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
