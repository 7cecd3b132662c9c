import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:experiments`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { bucketOf, globalControlSalt } from "../../lib/campaigns/experiments/bucket.ts";
import { saveGlobalControl } from "../../lib/campaigns/experiments/save-global-control.ts";
import { launchCampaign, previewLaunch } from "../../lib/campaigns/launch-campaign.ts";
import { getCampaign } from "../../lib/campaigns/list-campaigns.ts";
import { pauseCampaign } from "../../lib/campaigns/campaign-status.ts";
import { updateCampaign } from "../../lib/campaigns/update-campaign.ts";
import { AppError } from "../../lib/errors.ts";
import { refreshCampaignStats } from "../../lib/campaigns/results/refresh-campaign-stats.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { configureEmail, createAudience, emailContent, waitFor } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { planOccurrence } from "../support/plan-occurrence.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";

let workers: WorkersHandle;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
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
  return { workspaceId: workspace.id, adminId: admin.id, actor: { userId: admin.id, role: "ADMIN" as const } };
}

const tag = () => Math.random().toString(36).slice(2, 8);

async function ledger(campaignId: number): Promise<Map<string, { arm: string; variant: string | null }>> {
  const { rows } = await pool.query<{ customer_id: string; arm: string; variant_key: string | null }>(
    `SELECT customer_id::text, arm::text, variant_key FROM campaign_assignment WHERE campaign_id = $1`,
    [campaignId],
  );
  return new Map(rows.map((r) => [r.customer_id, { arm: r.arm, variant: r.variant_key }]));
}

/** The arm and variant the documented rule gives a bucket: control below control% × 100, the rest split by cumulative weight. */
function expectedArm(bucket: number, controlPercent: number, variants: { key: string; weight: number }[]): { arm: string; variant: string | null } {
  const control = controlPercent * 100;
  if (bucket < control) return { arm: "control", variant: null };
  if (variants.length === 0) return { arm: "treatment", variant: null };
  const position = (bucket - control) / (10_000 - control);
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight / 100;
    if (position < cumulative) return { arm: "treatment", variant: v.key };
  }
  return { arm: "treatment", variant: variants.at(-1)!.key };
}

async function finish(workspaceId: number, campaignId: number): Promise<void> {
  await waitFor(async () => {
    await campaignsTick(workerRedis());
    const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1 AND workspace_id = $2`, [campaignId, workspaceId]);
    return rows[0]?.status === "completed";
  }, "the campaign to complete");
}

describe("the arm hash", () => {
  it("gives the same bucket in SQL as the TypeScript re-implementation, and spreads 100k ids evenly over 100 bins", async () => {
    const { rows } = await pool.query<{ id: string; bucket: number }>(
      `SELECT g::text AS id, valueloop_bucket('salt-for-the-oracle', g) AS bucket FROM generate_series(1, 100000) g`,
    );
    const bins = new Array<number>(100).fill(0);
    for (const row of rows) {
      expect(row.bucket).toBe(bucketOf("salt-for-the-oracle", row.id));
      bins[Math.floor(row.bucket / 100)]!++;
    }
    // Chi-square with 99 degrees of freedom: the 0.1 % critical value is 148.2.
    const expected = rows.length / 100;
    const chiSquare = bins.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(148.2);
    // Another salt gives another, unrelated assignment.
    const same = rows.filter((r) => bucketOf("another-salt", r.id) === r.bucket).length;
    expect(same).toBeLessThan(100);
  });
});

describe("assignment in planning", () => {
  it("splits 10k eligible customers into control and variants as the oracle says, within tolerance of the weights, before anything is queued", async () => {
    const { workspaceId, actor } = await setup();
    const t = tag();
    const { segmentId, customerIds } = await createAudience(workspaceId, Array.from({ length: 10_000 }, (_, i) => ({ email: `split${i}-${t}@customer.example` })));
    const variants = [
      { key: "A", name: "Short subject", weight: 50, content: emailContent({ subject: "Hi {{ customer.first_name }}" }) },
      { key: "B", name: "Long subject", weight: 30, content: null },
      { key: "C", name: "Later", weight: 20, content: null, sendOffsetMinutes: 90 },
    ];
    const campaign = await createCampaign(workspaceId, actor, {
      name: "Split",
      kind: "broadcast",
      segmentId,
      schedule: { mode: "now" },
      content: emailContent(),
      experiment: { controlPercent: 20, exemptFromGlobalControl: true, variants },
    });
    const preview = await previewLaunch(workspaceId, campaign.id);
    expect(await ledger(campaign.id)).toEqual(new Map());

    const counts = await planOccurrence(workspaceId, campaign.id, segmentId, "first");
    const { rows: salts } = await pool.query<{ salt: string }>(`SELECT salt FROM campaign WHERE id = $1`, [campaign.id]);
    const salt = salts[0]!.salt;
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    const assigned = await ledger(campaign.id);
    expect(assigned.size).toBe(10_000);
    for (const id of customerIds) expect(assigned.get(id)).toEqual(expectedArm(bucketOf(salt, id), 20, variants));

    // The dry run told the same numbers before the launch.
    const control = [...assigned.values()].filter((a) => a.arm === "control").length;
    expect(counts.heldOut).toBe(control);
    expect(preview.counts.heldOut).toBe(control);
    // 4.5 standard deviations: a fair split lands inside these bands except once in about 150,000 salts.
    expect(Math.abs(control / 10_000 - 0.2)).toBeLessThan(4.5 * Math.sqrt((0.2 * 0.8) / 10_000));
    const treatment = 10_000 - control;
    for (const v of variants) {
      const share = [...assigned.values()].filter((a) => a.variant === v.key).length / treatment;
      const p = v.weight / 100;
      expect(Math.abs(share - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / treatment));
    }

    // Message rows carry the ledger's arm, and variant C starts 90 minutes later.
    const { rows: messages } = await pool.query<{ customer_id: string; arm: string; variant_key: string | null; offset_minutes: number }>(
      `SELECT m.customer_id::text, m.arm::text, m.variant_key, round(extract(epoch FROM m.not_before - o.due_at) / 60)::int AS offset_minutes
         FROM message m JOIN campaign_occurrence o ON o.id = m.occurrence_id WHERE m.campaign_id = $1`,
      [campaign.id],
    );
    for (const m of messages) {
      expect({ arm: m.arm, variant: m.variant_key }).toEqual(assigned.get(m.customer_id));
      expect(m.offset_minutes).toBe(m.variant_key === "C" ? 90 : 0);
    }
  });

  it("keeps every customer's arm when a re-eligible customer is planned again, even after the control share changed", async () => {
    const { workspaceId, actor } = await setup();
    const t = tag();
    const { segmentId } = await createAudience(workspaceId, Array.from({ length: 400 }, (_, i) => ({ email: `again${i}-${t}@customer.example` })));
    const campaign = await createCampaign(workspaceId, actor, {
      name: "Again",
      kind: "triggered",
      trigger: { type: "event", eventType: "visited" },
      reeligibility: { mode: "after_days", days: 1 },
      content: emailContent(),
      experiment: { controlPercent: 10, exemptFromGlobalControl: true },
    });
    await planOccurrence(workspaceId, campaign.id, segmentId, "t:1");
    const first = await ledger(campaign.id);
    // Raising the control share would put some treatment customers' buckets in the control range; they must stay treated.
    await pool.query(`UPDATE campaign SET control_percent = 60 WHERE id = $1`, [campaign.id]);
    await planOccurrence(workspaceId, campaign.id, segmentId, "t:2");
    expect(await ledger(campaign.id)).toEqual(first);
    const { rows } = await pool.query<{ customer_id: string; arms: string[] }>(
      `SELECT customer_id::text, array_agg(arm::text ORDER BY id) AS arms FROM message WHERE campaign_id = $1 GROUP BY customer_id`,
      [campaign.id],
    );
    expect(rows).toHaveLength(400);
    for (const r of rows) expect(r.arms).toEqual([first.get(r.customer_id)!.arm, first.get(r.customer_id)!.arm]);
    // Many of them would be control under the new share: the ledger, not the hash, kept them treated.
    const { rows: salts } = await pool.query<{ salt: string }>(`SELECT salt FROM campaign WHERE id = $1`, [campaign.id]);
    const wouldMove = [...first].filter(([id, a]) => a.arm === "treatment" && bucketOf(salts[0]!.salt, id) < 6_000).length;
    expect(wouldMove).toBeGreaterThan(100);
    // The ledger is append-only.
    await expect(pool.query(`UPDATE campaign_assignment SET arm = 'control' WHERE campaign_id = $1`, [campaign.id])).rejects.toThrow(/append-only/);
  });
});

describe("experiment settings on a campaign", () => {
  it("refuse a variant's broken template at its own path and store nothing; a paused campaign keeps its split but may change a variant's content", async () => {
    const { workspaceId, actor } = await setup();
    const { segmentId } = await createAudience(workspaceId, [{ email: `settings-${tag()}@customer.example` }]);
    const input = (variants: unknown[], controlPercent = 10) => ({ name: "Settings", kind: "broadcast", segmentId, schedule: { mode: "at", at: "2099-01-01T09:00:00Z" }, content: emailContent(), experiment: { controlPercent, variants } });
    const broken = [
      { key: "A", name: "A", weight: 50 },
      { key: "B", name: "B", weight: 50, content: emailContent({ subject: "Hi {{ customer.first_name " }) },
    ];
    const refusal = await createCampaign(workspaceId, actor, input(broken)).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(AppError);
    expect(((refusal as AppError).details as { path: string }[]).map((d) => d.path)).toEqual(["experiment.variants.1.content.subject"]);
    const { rows: none } = await pool.query(`SELECT 1 FROM campaign WHERE workspace_id = $1`, [workspaceId]);
    expect(none).toHaveLength(0);

    const good = [
      { key: "A", name: "A", weight: 50 },
      { key: "B", name: "B", weight: 50, content: emailContent({ subject: "Other {{ customer.first_name }}" }) },
    ];
    const campaign = await createCampaign(workspaceId, actor, input(good));
    await launchCampaign(workspaceId, actor, campaign.id);
    await pauseCampaign(workspaceId, actor, campaign.id);
    await expect(updateCampaign(workspaceId, actor, campaign.id, input(good, 20))).rejects.toThrow(/keeps its control group/);
    await expect(updateCampaign(workspaceId, actor, campaign.id, input([{ ...good[0], weight: 60 }, { ...good[1], weight: 40 }]))).rejects.toThrow(/keeps its control group/);
    const renamed = [good[0], { ...good[1], content: emailContent({ subject: "Third {{ customer.first_name }}" }) }];
    await updateCampaign(workspaceId, actor, campaign.id, input(renamed));
    const detail = await getCampaign(workspaceId, campaign.id);
    expect(detail.experiment.variants.map((v) => [v.key, v.weight, v.content && "subject" in v.content ? v.content.subject : null])).toEqual([
      ["A", 50, null],
      ["B", 50, "Third {{ customer.first_name }}"],
    ]);
    expect((await getCampaign(workspaceId, (await createCampaign(workspaceId, actor, input([], 0))).id)).experiment.warnings).toEqual([
      expect.stringMatching(/nothing will be measurable/),
    ]);
  });
});

describe("the control arm at send time", () => {
  it("goes through the same claim and is recorded as held out with the time; only the treatment reaches the SMTP server", async () => {
    const { workspaceId, actor } = await setup();
    const t = tag();
    const addresses = Array.from({ length: 80 }, (_, i) => `held${i}-${t}@customer.example`);
    const { segmentId } = await createAudience(workspaceId, addresses.map((email) => ({ email })));
    const campaign = await createCampaign(workspaceId, actor, {
      name: "Held",
      kind: "broadcast",
      segmentId,
      schedule: { mode: "now" },
      content: emailContent(),
      experiment: { controlPercent: 30, exemptFromGlobalControl: true },
    });
    const before = Date.now();
    await launchCampaign(workspaceId, actor, campaign.id);
    await finish(workspaceId, campaign.id);

    const { rows } = await pool.query<{ email: string; status: string; arm: string; held_out_at: Date | null; sent_at: Date | null }>(
      `SELECT c.email, m.status::text, m.arm::text, m.held_out_at, m.sent_at FROM message m JOIN customer c ON c.id = m.customer_id WHERE m.campaign_id = $1`,
      [campaign.id],
    );
    const control = rows.filter((r) => r.arm === "control");
    const treatment = rows.filter((r) => r.arm === "treatment");
    expect(control.length).toBeGreaterThan(0);
    expect(control.length + treatment.length).toBe(80);
    for (const r of control) {
      expect(r.status).toBe("held_out");
      expect(r.sent_at).toBeNull();
      expect(r.held_out_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    for (const r of treatment) expect(r.status).toBe("sent");
    const received = smtp.mails.filter((m) => m.to.some((a) => addresses.includes(a)));
    expect(received.map((m) => m.to[0]).sort()).toEqual(treatment.map((r) => r.email).sort());

    await refreshCampaignStats([campaign.id]);
    const detail = await getCampaign(workspaceId, campaign.id);
    expect(detail.counts).toMatchObject({ sent: treatment.length, heldOut: control.length, skipped: 0, failed: 0 });
    expect(detail.experiment).toMatchObject({ controlPercent: 30, attributionDays: 7, warnings: [] });
  });
});

describe("the global control group", () => {
  it("is skipped by campaigns that are not exempt, and a change of percentage moves only the customers it must, with history", async () => {
    const { workspaceId, adminId, actor } = await setup();
    const t = tag();
    const { segmentId, customerIds } = await createAudience(workspaceId, Array.from({ length: 2_000 }, (_, i) => ({ email: `global${i}-${t}@customer.example` })));
    const bucket = new Map(customerIds.map((id) => [id, bucketOf(globalControlSalt(workspaceId), id)]));
    const below = (limit: number) => customerIds.filter((id) => bucket.get(id)! < limit).sort();

    const saved = await saveGlobalControl(workspaceId, adminId, { percent: 10 });
    expect(saved).toMatchObject({ percent: 10, changed: true, joined: below(1000).length - below(500).length, left: 0 });
    const open = async () =>
      (await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM global_control_member WHERE workspace_id = $1 AND to_at IS NULL ORDER BY 1`, [workspaceId])).rows.map((r) => r.customer_id);
    expect(await open()).toEqual(below(1000));

    const normal = await createCampaign(workspaceId, actor, { name: "Normal", kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent(), experiment: { controlPercent: 10 } });
    const exempt = await createCampaign(workspaceId, actor, {
      name: "Receipt",
      kind: "broadcast",
      segmentId,
      schedule: { mode: "now" },
      content: emailContent(),
      experiment: { controlPercent: 10, exemptFromGlobalControl: true },
    });
    const normalCounts = await planOccurrence(workspaceId, normal.id, segmentId, "n");
    expect(normalCounts.skipped).toEqual({ global_control: below(1000).length });
    const normalLedger = await ledger(normal.id);
    expect(normalLedger.size).toBe(2_000 - below(1000).length);
    for (const id of below(1000)) expect(normalLedger.has(id)).toBe(false);
    const exemptCounts = await planOccurrence(workspaceId, exempt.id, segmentId, "e");
    expect(exemptCounts.skipped).toEqual({});
    expect((await ledger(exempt.id)).size).toBe(2_000);

    const { rows: firstRows } = await pool.query<{ id: string; customer_id: string; from_at: Date }>(`SELECT id::text, customer_id::text, from_at FROM global_control_member WHERE workspace_id = $1`, [workspaceId]);
    const up = await saveGlobalControl(workspaceId, adminId, { percent: 15 });
    expect(up).toMatchObject({ joined: below(1500).length - below(1000).length, left: 0 });
    // The members from before keep their rows untouched.
    const { rows: afterUp } = await pool.query<{ id: string; customer_id: string; from_at: Date; to_at: Date | null }>(
      `SELECT id::text, customer_id::text, from_at, to_at FROM global_control_member WHERE workspace_id = $1`,
      [workspaceId],
    );
    for (const row of firstRows) expect(afterUp.find((r) => r.id === row.id)).toEqual({ ...row, to_at: null });
    expect(await open()).toEqual(below(1500));

    const down = await saveGlobalControl(workspaceId, adminId, { percent: 5 });
    expect(down).toMatchObject({ joined: 0, left: below(1500).length - below(500).length });
    expect(await open()).toEqual(below(500));
    const { rows: history } = await pool.query<{ customer_id: string; periods: number; open: number }>(
      `SELECT customer_id::text, count(*)::int AS periods, count(*) FILTER (WHERE to_at IS NULL)::int AS open FROM global_control_member WHERE workspace_id = $1 GROUP BY 1`,
      [workspaceId],
    );
    // Everyone who was ever in has exactly one period; those who left have it closed.
    expect(history.map((h) => h.customer_id).sort()).toEqual(below(1500));
    for (const h of history) expect(h).toEqual({ customer_id: h.customer_id, periods: 1, open: bucket.get(h.customer_id)! < 500 ? 1 : 0 });
    expect(await saveGlobalControl(workspaceId, adminId, { percent: 5 })).toMatchObject({ changed: false });
    const { rows: audits } = await pool.query(`SELECT action FROM audit_log WHERE workspace_id = $1 AND action = 'settings.experiments.update'`, [workspaceId]);
    expect(audits).toHaveLength(3);
  });
});
