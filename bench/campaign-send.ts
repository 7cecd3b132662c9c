// Campaign sending throughput: a broadcast to N customers (default 100k) from
// launch to a local SMTP sink, through a real worker process
// (`node --import tsx workers/index.ts`). Reports time from launch to the
// first message, messages per second, and the worker's peak memory. The
// yardstick is nodemailer alone sending to the same sink with the product's
// pool settings: the ceiling of this machine for SMTP, measured in the same run.
// `npx tsx bench/campaign-send.ts` (BENCH_CAMPAIGN_MESSAGES=10000 for a short run)
// Runs in a database of its own (created and migrated if missing).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";

const DATABASE_URL = process.env.BENCH_CAMPAIGN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench_campaign";
const N = Number(process.env.BENCH_CAMPAIGN_MESSAGES ?? 100_000);
process.env.DATABASE_URL = DATABASE_URL;
process.env.QUEUE_PREFIX = `bench_campaign_${Date.now()}`;
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
const { allQueueNames, closeQueues, getQueue } = await import("../lib/queue/queues.ts");
const { openSmtpSocket } = await import("../lib/channels/email/smtp-socket.ts");

// The sink: counts mails and notes when the first and last arrived.
let received = 0;
let firstAt = 0;
let lastAt = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  closeTimeout: 100,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received++;
      lastAt = performance.now();
      if (received === 1) firstAt = lastAt;
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const port = (sink.server.address() as AddressInfo).port;

async function yardstick(count: number): Promise<number> {
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 5, maxMessages: 100, getSocket: openSmtpSocket("127.0.0.1", port, 10_000), host: "127.0.0.1", port, ignoreTLS: true });
  const before = received;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: "news@shop.example", to: `y${i}@customer.example`, subject: `Hello ${i}`, text: "Hi there", html: "<p>Hi there</p>" }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  if (received - before !== count) throw new Error("yardstick lost mails");
  received = before;
  return count / seconds;
}

const { rows: ws } = await pool.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, 'Campaign bench') RETURNING id`, [`bench-campaign-${Date.now()}`]);
const workspaceId = ws[0]!.id;
try {
  const { rows: user } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (id, email, name, password_hash) VALUES (gen_random_uuid()::text, $1, 'Bench', 'x') RETURNING id`,
    [`bench-${Date.now()}@example.test`],
  );
  await pool.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, 'ADMIN')`, [workspaceId, user[0]!.id]);
  await saveChannelSettings(workspaceId, user[0]!.id, { channel: "email", host: "127.0.0.1", port, security: "none", username: null, fromName: "Acme", fromAddress: "news@shop.example", replyTo: null });
  await pool.query(
    `INSERT INTO customer (workspace_id, external_id, email, first_name, email_consent)
     SELECT $1, 'b-' || n, 'b' || n || '@customer.example', 'Ada', true FROM generate_series(1, $2::int) n`,
    [workspaceId, N],
  );
  const { rows: seg } = await pool.query<{ id: number }>(
    `INSERT INTO segment (workspace_id, name, kind, definition, size) VALUES ($1, 'Everyone', 'STATIC', '{"version":1,"root":{"id":"root","type":"group","combinator":"and","children":[]}}', $2) RETURNING id`,
    [workspaceId, N],
  );
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, id, $2 FROM customer WHERE workspace_id = $2`, [seg[0]!.id, workspaceId]);
  await pool.query("VACUUM ANALYZE customer, segment_membership, message");

  const yard = await yardstick(Math.min(20_000, N));
  console.log(`yardstick: nodemailer alone, the product's 5 pooled connections: ${yard.toFixed(0)} mails/s`);

  const actor = { userId: user[0]!.id, role: "ADMIN" as const };
  const campaign = await createCampaign(workspaceId, actor, {
    name: "Bench",
    kind: "broadcast",
    segmentId: seg[0]!.id,
    schedule: { mode: "now" },
    content: {
      channel: "email",
      subject: "Hello {{ customer.first_name }}",
      preheader: "New this week",
      html: '<p>Hi {{ customer.first_name }}, see <a href="https://shop.example/new">what is new</a>.</p><p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>',
      text: "",
    },
  });

  const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: root, env: process.env, stdio: ["ignore", "ignore", "inherit"] });
  await new Promise((r) => setTimeout(r, 3000));
  let peakRssMb = 0;
  const sampler = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.pid}/status`, "utf8"));
      if (rss) peakRssMb = Math.max(peakRssMb, Number(rss[1]) / 1024);
    } catch {
      // the worker has exited
    }
  }, 250);

  received = 0;
  const t0 = performance.now();
  await launchCampaign(workspaceId, actor, campaign.id);
  while (received < N) await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);
  worker.kill("SIGTERM");

  const total = (lastAt - t0) / 1000;
  const rate = N / total;
  console.log(`broadcast of ${N}: first message ${((firstAt - t0) / 1000).toFixed(2)} s after launch; all in ${total.toFixed(1)} s`);
  console.log(`  ${rate.toFixed(0)} messages/s launch to sink = ${(rate / yard).toFixed(2)}× yardstick; steady ${((N - 1) / ((lastAt - firstAt) / 1000)).toFixed(0)}/s`);
  console.log(`  worker peak RSS ${peakRssMb.toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await pool.query(`DELETE FROM workspace WHERE id = $1`, [workspaceId]);
  for (const name of allQueueNames()) await getQueue(name).obliterate({ force: true }).catch(() => undefined);
  await closeQueues();
  await pool.end();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
}
