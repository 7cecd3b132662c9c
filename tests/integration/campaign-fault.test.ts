import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's producers talk to a redis-server the test owns (and restarts),
// and everything uses a database of its own: the worker process runs the
// campaigns tick, which looks at every workspace, and must not touch the
// campaigns other test files are checking at the same time.
const { redisPort, databaseUrl } = vi.hoisted(() => {
  const port = 21_000 + Math.floor(Math.random() * 8_000);
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_fault`;
  process.env.DATABASE_URL = url.toString();
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:fault`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
  return { redisPort: port, databaseUrl: url.toString() };
});

import pg from "pg";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { ensureDatabase, migrate } from "../../lib/db/migrate.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { configureEmail, createAudience, emailContent, waitFor, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startOwnRedis, type OwnRedis } from "../support/redis-server.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";

const AUDIENCE = 10_000;
const KILLS = 5;
const root = path.resolve(import.meta.dirname, "../..");

let redis: OwnRedis;
let smtp: SmtpReceiver;
let worker: ChildProcess | null = null;
let workerStarts = 0;

// The worker is a separate process (`node --import tsx workers/index.ts`, one
// process so SIGKILL really kills it), with short leases so a killed worker's
// messages come back within seconds instead of minutes.
function startWorker(): void {
  workerStarts++;
  worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "test",
      MESSAGE_LEASE_MS: "4000",
      MESSAGE_JOB_LOCK_MS: "3000",
      MESSAGE_REQUEUE_AFTER_MS: "2000",
      MESSAGE_CONCURRENCY: "30",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  worker.stderr?.on("data", () => undefined);
}

async function killWorker(): Promise<void> {
  const running = worker;
  worker = null;
  if (!running || running.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once("exit", () => resolve());
    running.kill("SIGKILL");
  });
}

beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, path.join(root, "prisma/migrations"));
  redis = await startOwnRedis(redisPort);
  smtp = await startSmtpReceiver();
});

afterAll(async () => {
  await killWorker();
  closeEmailTransports();
  await closeQueues();
  await smtp.stop();
  await redis.stop();
  await pool.end();
  await dropDatabase(databaseUrl);
});

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function statusCounts(campaignId: number) {
  const { rows } = await pool.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM message WHERE campaign_id = $1 GROUP BY 1`, [campaignId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

describe("a 10k broadcast through worker crashes and a Redis restart", () => {
  it("delivers exactly one message per customer, apart from in-flight copies that carry the same Message-ID", { timeout: 600_000 }, async () => {
    const workspace = await createWorkspace();
    const admin = await createUser(workspace.id, "ADMIN");
    await configureEmail(workspace.id, admin.id, smtp.port);
    const tag = Math.random().toString(36).slice(2, 8);
    const { segmentId } = await createAudience(workspace.id, Array.from({ length: AUDIENCE }, (_, i) => ({ email: `f${i}-${tag}@customer.example` })));
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const campaign = await createCampaign(workspace.id, actor, { name: "Fault", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });

    startWorker();
    await launchCampaign(workspace.id, actor, campaign.id);

    // Kill the worker at random moments while it sends; restart Redis (losing every job) half way.
    let kills = 0;
    let redisRestarted = false;
    while (kills < KILLS) {
      const sentSoFar = smtp.mails.length;
      await waitFor(async () => smtp.mails.length > sentSoFar + 200 + Math.floor(Math.random() * 600) || (await statusCounts(campaign.id)).sent === AUDIENCE, "progress before a kill", 120_000);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
      await killWorker();
      kills++;
      if (kills === 3 && !redisRestarted) {
        await redis.restart();
        redisRestarted = true;
      }
      startWorker();
    }

    await waitFor(async () => {
      const counts = await statusCounts(campaign.id);
      return counts.sent === AUDIENCE && !counts.queued && !counts.sending;
    }, "every message to be sent", 300_000);

    const { rows } = await pool.query<{ key: string }>(`SELECT idempotency_key AS key FROM message WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id]);
    const expected = new Set(rows.map((r) => `<${r.key}@shop.example>`));
    const received = smtp.mails.filter((m) => m.to[0]?.endsWith(`-${tag}@customer.example`));
    const distinct = new Set(received.map((m) => m.messageId));
    const perCustomer = new Map<string, Set<string | null>>();
    for (const mail of received) perCustomer.set(mail.to[0]!, (perCustomer.get(mail.to[0]!) ?? new Set()).add(mail.messageId));
    const duplicates = received.length - distinct.size;
    console.log(`fault test: ${KILLS} worker kills, 1 Redis restart, ${workerStarts} worker starts; ${received.length} mails for ${AUDIENCE} customers, ${duplicates} in-flight copies with the same Message-ID`);

    expect(rows).toHaveLength(AUDIENCE);
    expect(distinct).toEqual(expected);
    expect(perCustomer.size).toBe(AUDIENCE);
    // A copy is only ever the same message again (same Message-ID), never a second message.
    expect([...perCustomer.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    // In-flight copies are bounded by what can be mid-send when a worker dies.
    expect(duplicates).toBeLessThanOrEqual(KILLS * 30);
  });
});
