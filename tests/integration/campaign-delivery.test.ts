import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Its own queues (retries and lost jobs come back within the test's patience).
vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:delivery`;
  process.env.MESSAGE_RETRY_BASE_MS = "200";
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { launchCampaign, previewLaunch } from "../../lib/campaigns/launch-campaign.ts";
import { pauseCampaign, resumeCampaign } from "../../lib/campaigns/campaign-status.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { claimMessage } from "../../lib/campaigns/delivery/claim-message.ts";
import { runOccurrence } from "../../lib/campaigns/delivery/run-occurrence.ts";
import { DEFAULT_CONTACT_POLICY } from "../../lib/campaigns/policy/contact-policy.schema.ts";
import { getCampaign, listCampaigns } from "../../lib/campaigns/list-campaigns.ts";
import { getMessage, listCampaignMessages } from "../../lib/campaigns/list-messages.ts";
import { refreshCampaignStats } from "../../lib/campaigns/results/refresh-campaign-stats.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { configureEmail, createAudience, emailContent, messageStatusCounts, setContactPolicy, waitFor, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";

let workers: WorkersHandle;
let smtp: SmtpReceiver;
// Addresses the receiver refuses: 550 for good, 451 the first time only.
const refusedForGood = new Set<string>();
const refusedOnce = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtpReceiver({
    refuseRecipient(address) {
      if (refusedForGood.has(address)) return 550;
      if (refusedOnce.delete(address)) return 451;
      return null;
    },
  });
  workers = await startWorkers({ only: ["campaigns", "messages"], schedules: false });
});

afterAll(async () => {
  await workers.close({ force: true });
  closeEmailTransports();
  await closeQueues();
  await smtp.stop();
});

async function setup() {
  const workspace = await createWorkspace();
  const admin = await createUser(workspace.id, "ADMIN");
  await configureEmail(workspace.id, admin.id, smtp.port);
  return { workspaceId: workspace.id, actor: { userId: admin.id, role: "ADMIN" as const } };
}

function mailsTo(addresses: string[]) {
  const set = new Set(addresses);
  return smtp.mails.filter((m) => m.to.some((a) => set.has(a)));
}

async function finish(workspaceId: number, campaignId: number): Promise<void> {
  await waitFor(async () => {
    await campaignsTick(workerRedis());
    const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1 AND workspace_id = $2`, [campaignId, workspaceId]);
    return rows[0]?.status === "completed";
  }, "the campaign to complete");
}

describe("a broadcast over email", () => {
  it("sends one mail per eligible customer, with the row's Message-ID, and records why the others were skipped", async () => {
    const { workspaceId, actor } = await setup();
    const tag = Math.random().toString(36).slice(2, 8);
    const members = [
      ...Array.from({ length: 40 }, (_, i) => ({ email: `ok${i}-${tag}@customer.example` })),
      ...Array.from({ length: 5 }, (_, i) => ({ email: `noconsent${i}-${tag}@customer.example`, emailConsent: false })),
      ...Array.from({ length: 3 }, () => ({ email: "not an address" })),
      { email: null },
      { email: `Suppressed-${tag}@Customer.example` },
    ];
    const { segmentId } = await createAudience(workspaceId, members);
    await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, 'email', $2, 'manual')`, [workspaceId, `suppressed-${tag}@customer.example`]);

    const campaign = await createCampaign(workspaceId, actor, { name: "Spring", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    const preview = await previewLaunch(workspaceId, campaign.id);
    expect(preview.segmentSize).toBe(50);
    expect(preview.counts).toEqual({ audience: 50, queued: 40, deferred: 0, heldOut: 0, skipped: { no_consent: 5, no_address: 4, suppressed: 1 } });

    await launchCampaign(workspaceId, actor, campaign.id);
    await finish(workspaceId, campaign.id);

    expect(await messageStatusCounts(campaign.id)).toEqual({ sent: 40, "skipped:no_consent": 5, "skipped:no_address": 4, "skipped:suppressed": 1 });
    const { rows } = await pool.query<{ idempotency_key: string; email: string }>(
      `SELECT m.idempotency_key, c.email FROM message m JOIN customer c ON c.id = m.customer_id WHERE m.campaign_id = $1 AND m.status = 'sent'`,
      [campaign.id],
    );
    const received = mailsTo(rows.map((r) => r.email));
    expect(received).toHaveLength(40);
    expect(new Set(received.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => `<${r.idempotency_key}@shop.example>`)));
    const first = received.find((m) => m.to[0] === `ok0-${tag}@customer.example`)!;
    // Long headers are folded over lines (RFC 5322); read them unfolded.
    first.raw = first.raw.replace(/\r\n[ \t]+/g, " ");
    expect(first.raw).toMatch(/^Subject: Hello Ada/m);
    expect(first.raw).toMatch(/^List-Unsubscribe: <https:\/\/app\.valueloop\.test\/t\/u\/\d+\/[A-Za-z0-9_-]{22}>/m);
    // Links go through the signed click redirect; the pixel is added.
    expect(first.raw).toContain("https://app.valueloop.test/t/c/");
    expect(first.raw).toContain(".gif");

    // The pages' counts come from campaign_stats, recounted from the rows.
    await refreshCampaignStats([campaign.id]);
    const detail = await getCampaign(workspaceId, campaign.id);
    expect(detail.status).toBe("completed");
    expect(detail.counts).toMatchObject({ sent: 40, skipped: 10, queued: 0, failed: 0, reasons: { no_consent: 5, no_address: 4, suppressed: 1 } });
    expect(detail.series.reduce((n, h) => n + h.sent, 0)).toBe(40);
    const listed = await listCampaigns(workspaceId);
    expect(listed.campaigns.map((c) => [c.id, c.counts.sent])).toEqual([[campaign.id, 40]]);
    // The message log finds one customer by email (any case) and pages through the rest.
    const one = await listCampaignMessages(workspaceId, campaign.id, { customer: `OK7-${tag}@Customer.example` });
    expect(one.messages.map((m) => m.customer.email)).toEqual([`ok7-${tag}@customer.example`]);
    const skipped = await listCampaignMessages(workspaceId, campaign.id, { status: "skipped", limit: 4 });
    const rest = await listCampaignMessages(workspaceId, campaign.id, { status: "skipped", limit: 10, after: skipped.next });
    expect(skipped.messages).toHaveLength(4);
    expect(rest.messages).toHaveLength(6);
    expect(rest.next).toBeNull();
    const message = await getMessage(workspaceId, one.messages[0]!.id);
    expect(message.events.map((e) => e.kind)).toEqual(["queued", "sent"]);
  });

  it("retries a 4xx refusal and sends once; a 550 fails the message and suppresses the address", async () => {
    const { workspaceId, actor } = await setup();
    const tag = Math.random().toString(36).slice(2, 8);
    const later = `later-${tag}@customer.example`;
    const gone = `gone-${tag}@customer.example`;
    refusedOnce.add(later);
    refusedForGood.add(gone);
    const { segmentId } = await createAudience(workspaceId, [{ email: later }, { email: gone }, { email: `fine-${tag}@customer.example` }]);
    const campaign = await createCampaign(workspaceId, actor, { name: "Retry", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(workspaceId, actor, campaign.id);
    await finish(workspaceId, campaign.id);

    expect(await messageStatusCounts(campaign.id)).toEqual({ sent: 2, "failed:rejected": 1 });
    expect(mailsTo([later])).toHaveLength(1);
    expect(mailsTo([gone])).toHaveLength(0);
    const { rows: retried } = await pool.query<{ attempts: number; kinds: string[] }>(
      `SELECT m.attempts, array_agg(e.kind ORDER BY e.id) AS kinds FROM message m JOIN customer c ON c.id = m.customer_id
         JOIN message_event e ON e.message_id = m.id WHERE m.campaign_id = $1 AND c.email = $2 GROUP BY m.attempts`,
      [campaign.id, later],
    );
    expect(retried[0]).toEqual({ attempts: 2, kinds: ["deferred", "sent"] });
    const { rows: suppressed } = await pool.query(`SELECT reason::text FROM suppression WHERE workspace_id = $1 AND address = $2`, [workspaceId, gone]);
    expect(suppressed).toEqual([{ reason: "hard_bounce" }]);

    // The next campaign does not try the bounced address again.
    const next = await createCampaign(workspaceId, actor, { name: "Next", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(workspaceId, actor, next.id);
    await finish(workspaceId, next.id);
    expect(await messageStatusCounts(next.id)).toEqual({ sent: 2, "skipped:suppressed": 1 });
  });

  it("claims a message once however many sends ask for it in the same batch", async () => {
    const { workspaceId, actor } = await setup();
    const { segmentId } = await createAudience(workspaceId, [1, 2, 3].map((i) => ({ email: `claim-${i}-${Math.random()}@customer.example`.replace("0.", "") })));
    // Due in an hour, so no worker picks the jobs up; the test makes the rows due itself.
    const at = new Date(Date.now() + 3_600_000).toISOString();
    // No holdout: a customer in the global control group (5% by default) would be skipped at planning, leaving fewer than 3 to claim.
    const campaign = await createCampaign(workspaceId, actor, { name: "Claims", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "at", at }, content: emailContent() });
    await launchCampaign(workspaceId, actor, campaign.id);
    await pool.query(`UPDATE campaign SET status = 'active' WHERE id = $1`, [campaign.id]);
    const occurrence = await pool.query<{ id: string }>(`SELECT id::text FROM campaign_occurrence WHERE campaign_id = $1`, [campaign.id]);
    await runOccurrence(workspaceId, campaign.id, occurrence.rows[0]!.id);
    expect((await pool.query(`SELECT 1 FROM message WHERE campaign_id = $1 AND status = 'queued'`, [campaign.id])).rowCount).toBe(3);
    await pool.query(`UPDATE message SET not_before = now() WHERE campaign_id = $1`, [campaign.id]);
    const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM message WHERE campaign_id = $1 ORDER BY id`, [campaign.id]);
    const asks = rows.flatMap((r) => Array.from({ length: 4 }, () => r.id));
    const claims = await Promise.all(asks.map((id) => claimMessage(workspaceId, id, DEFAULT_CONTACT_POLICY, 60_000)));
    const won = claims.flatMap((c) => (c.claimed ? [c.message.id] : []));
    expect(won.sort()).toEqual(rows.map((r) => r.id).sort());
    const tokens = await pool.query<{ claim_token: string }>(`SELECT claim_token::text FROM message WHERE campaign_id = $1`, [campaign.id]);
    expect(new Set(tokens.rows.map((r) => r.claim_token))).toEqual(new Set(claims.flatMap((c) => (c.claimed ? [c.message.claimToken] : []))));
  });

  it("records a render failure on that customer's message and sends the rest", async () => {
    const { workspaceId, actor } = await setup();
    const { segmentId } = await createAudience(workspaceId, [
      { email: `a-${Math.random()}@customer.example`.replace("0.", ""), attributes: { plan: "gold" } },
      { email: `b-${Math.random()}@customer.example`.replace("0.", "") },
    ]);
    const content = emailContent({ subject: "Your {{ customer.attributes.plan }} plan" });
    const campaign = await createCampaign(workspaceId, actor, { name: "Plans", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content });
    await launchCampaign(workspaceId, actor, campaign.id);
    await finish(workspaceId, campaign.id);
    expect(await messageStatusCounts(campaign.id)).toEqual({ sent: 1, "failed:render_failed": 1 });
    const { rows } = await pool.query<{ detail: string }>(`SELECT detail FROM message WHERE campaign_id = $1 AND status = 'failed'`, [campaign.id]);
    expect(rows[0]!.detail).toMatch(/plan/);
  });

  it("pauses without losing or repeating a message, and resumes where it stopped", async () => {
    const { workspaceId, actor } = await setup();
    await setContactPolicy(workspaceId, { ratePerSecond: { email: 40 } });
    const tag = Math.random().toString(36).slice(2, 8);
    const addresses = Array.from({ length: 120 }, (_, i) => `p${i}-${tag}@customer.example`);
    const { segmentId } = await createAudience(workspaceId, addresses.map((email) => ({ email })));
    const campaign = await createCampaign(workspaceId, actor, { name: "Slow", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(workspaceId, actor, campaign.id);
    await waitFor(async () => mailsTo(addresses).length >= 20, "some mails");
    await pauseCampaign(workspaceId, actor, campaign.id);
    // What was already claimed at the pause finishes; then nothing more goes out.
    await waitFor(async () => !(await messageStatusCounts(campaign.id)).sending, "in-flight sends to finish");
    await new Promise((r) => setTimeout(r, 200));
    const atPause = mailsTo(addresses).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(addresses).length).toBe(atPause);
    expect(atPause).toBeLessThan(120);
    const counts = await messageStatusCounts(campaign.id);
    expect(counts.sent).toBe(atPause);

    await resumeCampaign(workspaceId, actor, campaign.id);
    await finish(workspaceId, campaign.id);
    const received = mailsTo(addresses);
    expect(received).toHaveLength(120);
    expect(new Set(received.map((m) => m.to[0])).size).toBe(120);
  });
});
