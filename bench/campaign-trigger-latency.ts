// Event-trigger latency: an event arrives through the ingest API's code path
// (ingestOne, what POST /api/v1/events runs) and an event-triggered email
// campaign answers it; measured from the call to the mail's arrival at a
// local SMTP sink, through a real worker process. Aim: p95 under 2 s. The
// yardstick is one mail sent straight to the same sink (the last hop alone).
// `npx tsx bench/campaign-trigger-latency.ts` (BENCH_TRIGGER_EVENTS, default 60)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";

const DATABASE_URL = process.env.BENCH_CAMPAIGN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench_campaign";
const EVENTS = Number(process.env.BENCH_TRIGGER_EVENTS ?? 60);
process.env.DATABASE_URL = DATABASE_URL;
process.env.QUEUE_PREFIX = `bench_trigger_${Date.now()}`;
process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
process.env.PUBLIC_URL ??= "https://app.valueloop.test";
const root = path.resolve(import.meta.dirname, "..");

const { ensureDatabase, migrate } = await import("../lib/db/migrate.ts");
await ensureDatabase(DATABASE_URL);
await migrate(DATABASE_URL, path.resolve(root, "prisma/migrations"));
const { pool } = await import("../lib/db/pool.ts");
const { createCampaign } = await import("../lib/campaigns/create-campaign.ts");
const { launchCampaign } = await import("../lib/campaigns/launch-campaign.ts");
const { saveChannelSettings } = await import("../lib/channels/settings.ts");
const { ingestOne } = await import("../lib/ingest/api/ingest-one.ts");
const { allQueueNames, closeQueues, getQueue } = await import("../lib/queue/queues.ts");
const { openSmtpSocket } = await import("../lib/channels/email/smtp-socket.ts");
const { measure } = await import("./support.ts");

const arrived = new Map<string, number>();
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  closeTimeout: 100,
  onData(stream, session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      for (const r of session.envelope.rcptTo) arrived.set(r.address, performance.now());
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const port = (sink.server.address() as AddressInfo).port;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const { rows: ws } = await pool.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, 'Trigger bench') RETURNING id`, [`bench-trigger-${Date.now()}`]);
const workspaceId = ws[0]!.id;
const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: root, env: process.env, stdio: ["ignore", "ignore", "inherit"] });
try {
  const { rows: user } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (id, email, name, password_hash) VALUES (gen_random_uuid()::text, $1, 'Bench', 'x') RETURNING id`,
    [`bench-${Date.now()}@example.test`],
  );
  await pool.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, 'ADMIN')`, [workspaceId, user[0]!.id]);
  await saveChannelSettings(workspaceId, user[0]!.id, { channel: "email", host: "127.0.0.1", port, security: "none", username: null, fromName: "Acme", fromAddress: "news@shop.example", replyTo: null });
  await pool.query(
    `INSERT INTO customer (workspace_id, external_id, email, first_name, email_consent)
     SELECT $1, 't-' || n, 't' || n || '@customer.example', 'Ada', true FROM generate_series(1, $2::int) n`,
    [workspaceId, EVENTS],
  );
  const actor = { userId: user[0]!.id, role: "ADMIN" as const };
  const campaign = await createCampaign(workspaceId, actor, {
    name: "Cart reminder",
    kind: "triggered",
    trigger: { type: "event", eventType: "cart_abandoned" },
    content: { channel: "email", subject: "You left something, {{ customer.first_name }}", preheader: "", html: "<p>Your cart is waiting.</p>", text: "" },
  });
  await launchCampaign(workspaceId, actor, campaign.id);
  await new Promise((r) => setTimeout(r, 4000));

  const direct = nodemailer.createTransport({ pool: true, maxConnections: 1, getSocket: openSmtpSocket("127.0.0.1", port, 10_000), host: "127.0.0.1", port, ignoreTLS: true });
  const yard = await measure(() => direct.sendMail({ from: "a@shop.example", to: "yardstick@customer.example", subject: "x", text: "y" }), { warmup: 3, runs: 30 });
  direct.close();

  const latencies: number[] = [];
  for (let i = 1; i <= EVENTS; i++) {
    const address = `t${i}@customer.example`;
    const t0 = performance.now();
    await ingestOne("events", workspaceId, { customer_external_id: `t-${i}`, type: "cart_abandoned", properties: { items: 2 } });
    while (!arrived.has(address)) {
      if (performance.now() - t0 > 30_000) throw new Error(`no message for event ${i} within 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(arrived.get(address)! - t0);
    // Events arrive spread out, as from a shop, not all in one instant.
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  console.log(`yardstick: one mail straight to the sink, p50 ${yard.p50.toFixed(1)} ms`);
  console.log(`event → email at the sink, ${EVENTS} events: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (p95 = ${(p95 / yard.p50).toFixed(0)}× yardstick)`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  worker.kill("SIGTERM");
  await pool.query(`DELETE FROM workspace WHERE id = $1`, [workspaceId]);
  for (const name of allQueueNames()) await getQueue(name).obliterate({ force: true }).catch(() => undefined);
  await closeQueues();
  await pool.end();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
}
