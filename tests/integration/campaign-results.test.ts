import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:campaign-results`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { NextRequest } from "next/server";
import * as resultsRoute from "../../app/api/v1/campaigns/[campaignId]/results/route.ts";
import { Random } from "../../lib/analytics/btyd/random.ts";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { launchCampaign, previewLaunch } from "../../lib/campaigns/launch-campaign.ts";
import type { CampaignResultsView } from "../../lib/campaigns/results/load-campaign-results.ts";
import { programmeIncrementalRevenue } from "../../lib/campaigns/results/programme-incremental-revenue.ts";
import { refreshArmOutcomes } from "../../lib/campaigns/results/refresh-arm-outcomes.ts";
import { refreshCampaignStats } from "../../lib/campaigns/results/refresh-campaign-stats.ts";
import { resultsCsv } from "../../lib/campaigns/results/results-csv.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { armMoments, armSumsFromArrays } from "../../lib/stats/arm-sums.ts";
import { welchDifference } from "../../lib/stats/welch.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { configureEmail, createAudience, emailContent, waitFor } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
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

const DAY_MS = 86_400_000;
const CUSTOMERS = 400;
/** The planted effect: a treated customer places an extra order of EXTRA with probability RATE (the control never). */
const EXTRA_CENTS = 6_000;
const RATE = 0.5;

async function getResults(key: string, campaignId: number): Promise<{ status: number; body: { data?: CampaignResultsView; error?: { code: string } } }> {
  const req = new NextRequest(`http://localhost:3000/api/v1/campaigns/${campaignId}/results`, { headers: { authorization: `Bearer ${key}` } });
  const res = await resultsRoute.GET(req, { params: Promise.resolve({ campaignId: String(campaignId) }) } as never);
  return { status: res.status, body: (await res.json()) as never };
}

describe("campaign results", () => {
  it("recover a planted effect through the real pipeline, and the API's numbers equal lib/stats on a recomputation from the raw orders", async () => {
    const workspace = await createWorkspace();
    const admin = await createUser(workspace.id, "ADMIN");
    await configureEmail(workspace.id, admin.id, smtp.port);
    const key = (await createApiKey(workspace.id, { name: "reports", scopes: ["read"] }, admin.id)).plaintext;
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const t = Math.random().toString(36).slice(2, 8);
    const { segmentId } = await createAudience(
      workspace.id,
      Array.from({ length: CUSTOMERS }, (_, i) => ({ email: `res${i}-${t}@customer.example` })),
    );
    const campaign = await createCampaign(workspace.id, actor, {
      name: "Results",
      kind: "broadcast",
      segmentId,
      schedule: { mode: "now" },
      content: emailContent(),
      experiment: {
        controlPercent: 30,
        attributionDays: 7,
        costPerMessage: 0.05,
        grossMarginPercent: 40,
        exemptFromGlobalControl: true,
        variants: [
          { key: "a", name: "A", weight: 50 },
          { key: "b", name: "B", weight: 50 },
        ],
      },
    });

    // Before launch: nobody is assigned, and the API says so.
    const before = await getResults(key, campaign.id);
    expect(before.status).toBe(200);
    expect(before.body.data!.state).toBe("too_early");
    expect(before.body.data!.verdict.text).toMatch(/^Too early: 0 customers so far/);

    await launchCampaign(workspace.id, actor, campaign.id);
    await waitFor(async () => {
      await campaignsTick(workerRedis());
      const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1`, [campaign.id]);
      return rows[0]?.status === "completed";
    }, "the campaign to complete");
    await refreshCampaignStats([campaign.id]);

    const { rows: assigned } = await pool.query<{ customer_id: string; arm: string; variant_key: string | null; exposed_at: Date }>(
      `SELECT a.customer_id::text, a.arm::text, a.variant_key, coalesce(m.sent_at, m.held_out_at, m.not_before) AS exposed_at
         FROM campaign_assignment a JOIN message m ON m.id = a.message_id WHERE a.campaign_id = $1 ORDER BY a.customer_id`,
      [campaign.id],
    );
    expect(assigned).toHaveLength(CUSTOMERS);

    // Everyone may buy on their own; treated customers also buy EXTRA at RATE. Some orders fall outside the window or are cancelled.
    const rng = new Random(20261207);
    const orders: { customerId: string; placedAt: Date; cents: number; status: string; inWindow: boolean }[] = [];
    for (const a of assigned) {
      const e = a.exposed_at.getTime();
      if (rng.uniform() < 0.3) orders.push({ customerId: a.customer_id, placedAt: new Date(e + rng.uniform() * 6 * DAY_MS), cents: Math.round(Math.exp(8 + 0.7 * rng.normal())), status: "completed", inWindow: true });
      if (a.arm === "treatment" && rng.uniform() < RATE) orders.push({ customerId: a.customer_id, placedAt: new Date(e + (0.1 + rng.uniform() * 5) * DAY_MS), cents: EXTRA_CENTS, status: "completed", inWindow: true });
      if (rng.uniform() < 0.2) orders.push({ customerId: a.customer_id, placedAt: new Date(e + 8 * DAY_MS), cents: 99_900, status: "completed", inWindow: false });
      if (rng.uniform() < 0.2) orders.push({ customerId: a.customer_id, placedAt: new Date(e + DAY_MS), cents: 50_000, status: "cancelled", inWindow: false });
    }
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       SELECT $1, c, 'o-' || gen_random_uuid(), p, t / 100.0, 'USD', s FROM unnest($2::int8[], $3::timestamptz[], $4::int8[], $5::text[]) AS u(c, p, t, s)`,
      [workspace.id, orders.map((o) => o.customerId), orders.map((o) => o.placedAt), orders.map((o) => o.cents), orders.map((o) => o.status)],
    );
    await refreshArmOutcomes(workspace.id, campaign.id);

    const answer = await getResults(key, campaign.id);
    expect(answer.status).toBe(200);
    const r = answer.body.data!;
    expect(r.state).toBe("ready");

    // The oracle: each customer's revenue in their window straight from the planted rows, then Welch on those values.
    const revenue = new Map<string, number>();
    const orderCount = new Map<string, number>();
    for (const o of orders.filter((x) => x.inWindow)) {
      revenue.set(o.customerId, (revenue.get(o.customerId) ?? 0) + o.cents / 100);
      orderCount.set(o.customerId, (orderCount.get(o.customerId) ?? 0) + 1);
    }
    const ys = (pick: (a: (typeof assigned)[number]) => boolean) => assigned.filter(pick).map((a) => revenue.get(a.customer_id) ?? 0);
    const control = ys((a) => a.arm === "control");
    const treated = ys((a) => a.arm === "treatment");
    for (const row of r.arms) {
      const mine = assigned.filter((a) => (row.key === "control" ? a.arm === "control" : row.key === "treatment" ? a.arm === "treatment" : a.variant_key === row.key));
      expect(row.customers).toBe(mine.length);
      expect(row.converters).toBe(mine.filter((a) => revenue.has(a.customer_id)).length);
      expect(row.orders).toBe(mine.reduce((s, a) => s + (orderCount.get(a.customer_id) ?? 0), 0));
      expect(row.revenue).toBeCloseTo(mine.reduce((s, a) => s + (revenue.get(a.customer_id) ?? 0), 0), 6);
    }
    expect(r.arms.map((a) => a.key)).toEqual(["control", "treatment", "a", "b"]);
    const welch = welchDifference(armMoments(armSumsFromArrays(control)), armMoments(armSumsFromArrays(treated)), 0.95);
    const total = r.comparisons[0]!;
    expect(total.revenuePerCustomer.fixed.estimate).toBeCloseTo(welch.estimate, 9);
    expect(total.revenuePerCustomer.fixed.low).toBeCloseTo(welch.low, 9);
    expect(total.revenuePerCustomer.fixed.high).toBeCloseTo(welch.high, 9);
    expect(total.incrementalRevenue.fixed.estimate).toBeCloseTo(welch.estimate * treated.length, 6);

    // The planted incremental revenue lies inside the always-valid interval, and the effect is large enough to be called.
    const planted = (RATE * EXTRA_CENTS * treated.length) / 100;
    expect(total.incrementalRevenue.sequential.low).toBeLessThanOrEqual(planted);
    expect(total.incrementalRevenue.sequential.high).toBeGreaterThanOrEqual(planted);
    expect(r.verdict.significant).toBe(true);
    expect(r.verdict.text).toMatch(new RegExp(`from ${treated.length} customers; significant$`));
    expect(r.comparisons.map((c) => c.key)).toEqual(["treatment", "a", "b"]);
    expect(r.variantPairs).toHaveLength(1);
    expect(r.sampleRatio?.mismatch).toBe(false);
    // ROI from the messages actually sent: (incremental revenue × 40% − 0.05 × sent) / (0.05 × sent).
    const { rows: sent } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id]);
    const cost = 0.05 * sent[0]!.n;
    expect(total.roi!.estimate).toBeCloseTo((total.incrementalRevenue.sequential.estimate * 0.4 - cost) / cost, 6);
    expect(r.cumulative.at(-1)!.incrementalRevenue).toBeCloseTo(total.incrementalRevenue.estimate, 6);

    // The programme's incremental revenue for a period: over every day, the campaign's; over some days, those days' orders only.
    const days = [...new Set(orders.filter((o) => o.inWindow).map((o) => o.placedAt.toISOString().slice(0, 10)))].sort();
    const whole = await programmeIncrementalRevenue(workspace.id, days[0]!, days.at(-1)!);
    expect(whole.campaigns).toBe(1);
    expect(whole.estimate).toBeCloseTo(total.incrementalRevenue.estimate, 6);
    const [from, to] = [days[1]!, days[2]!];
    const inDays = (arm: string) => orders.filter((o) => o.inWindow && assigned.find((a) => a.customer_id === o.customerId)!.arm === arm && o.placedAt.toISOString().slice(0, 10) >= from && o.placedAt.toISOString().slice(0, 10) <= to).reduce((sum, o) => sum + o.cents / 100, 0);
    const part = await programmeIncrementalRevenue(workspace.id, from, to);
    expect(part.estimate).toBeCloseTo(inDays("treatment") - (inDays("control") * treated.length) / control.length, 6);
    expect(part.low).toBeLessThan(part.estimate);
    expect((await programmeIncrementalRevenue(workspace.id, "2001-01-01", "2001-01-31")).campaigns).toBe(0);

    // The CSV carries the same numbers.
    const lines: string[] = [];
    for await (const line of resultsCsv(r, "comparisons")) lines.push(line);
    expect(lines).toHaveLength(1 + r.comparisons.length);
    expect(lines[1]!.split(",")[2]).toBe(String(total.revenuePerCustomer.estimate));

    // Another workspace's key does not see the campaign.
    const other = await createWorkspace();
    const otherAdmin = await createUser(other.id, "ADMIN");
    const otherKey = (await createApiKey(other.id, { name: "other", scopes: ["read"] }, otherAdmin.id)).plaintext;
    expect((await getResults(otherKey, campaign.id)).status).toBe(404);
  }, 120_000);

  it("tell at launch the smallest detectable lift from the segment's recent revenue per customer, by the textbook formula", async () => {
    const workspace = await createWorkspace();
    const admin = await createUser(workspace.id, "ADMIN");
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const t = Math.random().toString(36).slice(2, 8);
    const { segmentId, customerIds } = await createAudience(
      workspace.id,
      Array.from({ length: 200 }, (_, i) => ({ email: `mde${i}-${t}@customer.example` })),
    );
    // Revenue in the last 7 days counts; older orders and cancelled ones do not.
    const cents = customerIds.map((_, i) => (i % 4 === 0 ? 1000 + 37 * i : 0));
    const now = Date.now();
    await pool.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       SELECT $1, c, 'o-' || gen_random_uuid(), p, t / 100.0, 'USD', s FROM unnest($2::int8[], $3::timestamptz[], $4::int8[], $5::text[]) AS u(c, p, t, s)`,
      [
        workspace.id,
        [...customerIds, ...customerIds, ...customerIds],
        [...customerIds.map(() => new Date(now - 2 * DAY_MS)), ...customerIds.map(() => new Date(now - 9 * DAY_MS)), ...customerIds.map(() => new Date(now - DAY_MS))],
        [...cents, ...customerIds.map(() => 99_999), ...customerIds.map(() => 55_555)],
        [...cents.map(() => "completed"), ...customerIds.map(() => "completed"), ...customerIds.map(() => "cancelled")],
      ],
    );
    const draft = (controlPercent: number) =>
      createCampaign(workspace.id, actor, { name: `MDE ${controlPercent}`, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent(), experiment: { controlPercent, attributionDays: 7, exemptFromGlobalControl: true } });
    const preview = await previewLaunch(workspace.id, (await draft(20)).id);
    const y = cents.filter((c) => c > 0).map((c) => c / 100);
    const mean = y.reduce((s, v) => s + v, 0) / 200;
    const sd = Math.sqrt((y.reduce((s, v) => s + (v - mean) ** 2, 0) + (200 - y.length) * mean * mean) / 199);
    // (z_0.975 + z_0.8) · σ · √(1/n_c + 1/n_t), with the published quantiles.
    const expected = (1.959963985 + 0.8416212336) * sd * Math.sqrt(1 / (0.2 * preview.counts.queued) + 1 / (0.8 * preview.counts.queued));
    expect(preview.counts.queued).toBe(200);
    expect(preview.mde!.historicalMean).toBeCloseTo(mean, 9);
    expect(preview.mde!.historicalSd).toBeCloseTo(sd, 9);
    expect(preview.mde!.absolute).toBeCloseTo(expected, 6);
    expect(preview.mde!.relative).toBeCloseTo(expected / mean, 6);
    // No control group, nothing to detect.
    expect((await previewLaunch(workspace.id, (await draft(0)).id)).mde).toBeUndefined();
  });
});
