import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:arm-outcomes`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { armOutcomes, type ArmOutcome } from "../../lib/campaigns/results/arm-outcomes.ts";
import { refreshArmOutcomes } from "../../lib/campaigns/results/refresh-arm-outcomes.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { configureEmail, createAudience, emailContent, waitFor } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";

let workers: WorkersHandle;
let smtp: SmtpReceiver;
const refused = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtpReceiver({ refuseRecipient: (address) => (refused.has(address) ? 550 : null) });
  workers = await startWorkers({ only: ["campaigns", "messages"], schedules: false });
});

afterAll(async () => {
  await workers.close({ force: true });
  closeEmailTransports();
  await closeQueues();
  await smtp.stop();
});

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 7;
const NOT_COUNTED = new Set(["cancelled", "canceled", "refunded", "failed", "voided"]);

interface RawOrder {
  customerId: string;
  placedAt: Date;
  totalCents: number;
  status: string;
}

async function insertOrders(workspaceId: number, orders: RawOrder[]): Promise<void> {
  await pool.query(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT $1, c, 'o-' || gen_random_uuid(), p, t / 100.0, 'USD', s FROM unnest($2::int8[], $3::timestamptz[], $4::int8[], $5::text[]) AS u(c, p, t, s)`,
    [workspaceId, orders.map((o) => o.customerId), orders.map((o) => o.placedAt), orders.map((o) => o.totalCents), orders.map((o) => o.status)],
  );
}

/**
 * The oracle: per-arm sums computed in plain TypeScript from the raw rows, in
 * cents (exact), then in currency units. x is what the customer had bought in
 * the window-length period before assignment, from the orders that existed
 * then (x is recorded at assignment; an order imported later with an earlier
 * date does not change it).
 */
function oracle(
  customers: { customerId: string; arm: string; variant: string | null; assignedAt: Date; exposedAt: Date; slice: string; unsubscribed: boolean }[],
  ordersAtAssignment: RawOrder[],
  orders: RawOrder[],
) {
  const byKey = new Map<string, { n: number; y: number; y2: number; x: number; x2: number; xy: number; converters: number; orders: number; unsubscribes: number }>();
  const days = new Map<string, { orders: number; converters: number; revenueCents: number }>();
  for (const c of customers) {
    const mine = orders.filter((o) => o.customerId === c.customerId && !NOT_COUNTED.has(o.status));
    const inWindow = mine
      .filter((o) => o.placedAt.getTime() >= c.exposedAt.getTime() && o.placedAt.getTime() < c.exposedAt.getTime() + WINDOW_DAYS * DAY_MS)
      .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
    const pre = ordersAtAssignment.filter((o) => o.customerId === c.customerId && !NOT_COUNTED.has(o.status)).filter((o) => o.placedAt.getTime() >= c.assignedAt.getTime() - WINDOW_DAYS * DAY_MS && o.placedAt.getTime() < c.assignedAt.getTime());
    const y = inWindow.reduce((s, o) => s + o.totalCents, 0) / 100;
    const x = pre.reduce((s, o) => s + o.totalCents, 0) / 100;
    for (const key of [`${c.arm}|${c.variant ?? ""}|all`, `${c.arm}|${c.variant ?? ""}|rfm_segment:${c.slice}`]) {
      const acc = byKey.get(key) ?? { n: 0, y: 0, y2: 0, x: 0, x2: 0, xy: 0, converters: 0, orders: 0, unsubscribes: 0 };
      acc.n++;
      acc.y += y;
      acc.y2 += y * y;
      acc.x += x;
      acc.x2 += x * x;
      acc.xy += x * y;
      acc.converters += inWindow.length > 0 ? 1 : 0;
      acc.orders += inWindow.length;
      acc.unsubscribes += c.unsubscribed ? 1 : 0;
      byKey.set(key, acc);
    }
    inWindow.forEach((o, i) => {
      const key = `${c.arm}|${c.variant ?? ""}|${o.placedAt.toISOString().slice(0, 10)}`;
      const day = days.get(key) ?? { orders: 0, converters: 0, revenueCents: 0 };
      day.orders++;
      day.converters += i === 0 ? 1 : 0;
      day.revenueCents += o.totalCents;
      days.set(key, day);
    });
  }
  return { byKey, days };
}

function expectSums(actual: ArmOutcome | undefined, expected: { n: number; y: number; y2: number; x: number; x2: number; xy: number; converters: number; orders: number; unsubscribes: number }) {
  expect(actual).toBeDefined();
  expect({ n: actual!.n, converters: actual!.converters, orders: actual!.orders, unsubscribes: actual!.unsubscribes }).toEqual({
    n: expected.n,
    converters: expected.converters,
    orders: expected.orders,
    unsubscribes: expected.unsubscribes,
  });
  expect(actual!.sumY).toBeCloseTo(expected.y, 6);
  expect(actual!.sumY2).toBeCloseTo(expected.y2, 4);
  expect(actual!.sumX).toBeCloseTo(expected.x, 6);
  expect(actual!.sumX2).toBeCloseTo(expected.x2, 4);
  expect(actual!.sumXY).toBeCloseTo(expected.xy, 4);
}

describe("per-arm outcome sums", () => {
  it("equal a plain recomputation from the raw orders: window edges, cancelled orders, pre-period revenue, intention to treat, slices and days", async () => {
    const workspace = await createWorkspace();
    const admin = await createUser(workspace.id, "ADMIN");
    await configureEmail(workspace.id, admin.id, smtp.port);
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const workspaceId = workspace.id;
    const t = Math.random().toString(36).slice(2, 8);
    const addresses = Array.from({ length: 60 }, (_, i) => `arm${i}-${t}@customer.example`);
    // Two treatment sends will be refused for good: intention to treat still counts them from their planned time.
    refused.add(addresses[0]!);
    refused.add(addresses[1]!);
    const { segmentId, customerIds } = await createAudience(workspaceId, addresses.map((email) => ({ email })));
    const segments = ["Champions", "At risk", null];
    await pool.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, rfm_segment) SELECT c, $1, s FROM unnest($2::int8[], $3::text[]) AS u(c, s) WHERE s IS NOT NULL`,
      [workspaceId, customerIds, customerIds.map((_, i) => segments[i % 3])],
    );

    // Pre-period orders, before assignment: in the 7 days before (count as x), 8 days before (do not), a refund (does not).
    const now = Date.now();
    const pre: RawOrder[] = customerIds.flatMap((customerId, i) => [
      ...(i % 2 === 0 ? [{ customerId, placedAt: new Date(now - 3 * DAY_MS), totalCents: 1999 + i, status: "completed" }] : []),
      ...(i % 3 === 0 ? [{ customerId, placedAt: new Date(now - 8 * DAY_MS), totalCents: 5000, status: "completed" }] : []),
      ...(i % 5 === 0 ? [{ customerId, placedAt: new Date(now - 1 * DAY_MS), totalCents: 700, status: "refunded" }] : []),
    ]);
    await insertOrders(workspaceId, pre);

    const campaign = await createCampaign(workspaceId, actor, {
      name: "Outcomes",
      kind: "broadcast",
      segmentId,
      schedule: { mode: "now" },
      content: emailContent(),
      experiment: { controlPercent: 50, attributionDays: WINDOW_DAYS, exemptFromGlobalControl: true },
    });
    await launchCampaign(workspaceId, actor, campaign.id);
    await waitFor(async () => {
      await campaignsTick(workerRedis());
      const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1`, [campaign.id]);
      return rows[0]?.status === "completed";
    }, "the campaign to complete");

    const { rows: assigned } = await pool.query<{ customer_id: string; arm: string; variant_key: string | null; assigned_at: Date; exposed_at: Date; status: string; message_id: string }>(
      `SELECT a.customer_id::text, a.arm::text, a.variant_key, a.assigned_at, coalesce(m.sent_at, m.held_out_at, m.not_before) AS exposed_at, m.status::text, m.id::text AS message_id
         FROM campaign_assignment a JOIN message m ON m.id = a.message_id WHERE a.campaign_id = $1`,
      [campaign.id],
    );
    expect(assigned).toHaveLength(60);
    expect(assigned.filter((a) => a.status === "failed")).toHaveLength(assigned.filter((a) => a.arm === "treatment" && refused.has(addresses[customerIds.indexOf(a.customer_id)]!)).length);
    expect(new Set(assigned.map((a) => a.status))).toEqual(new Set(assigned.some((a) => a.status === "failed") ? ["sent", "held_out", "failed"] : ["sent", "held_out"]));

    // Orders around each customer's own exposure: just before (out), exactly at it (in), the last millisecond of the window (in),
    // exactly window end (out), a cancelled one inside (out), and one on a later day (in).
    const planted: RawOrder[] = assigned.flatMap((a, i) => {
      const e = a.exposed_at.getTime();
      const order = (offsetMs: number, totalCents: number, status = "completed") => ({ customerId: a.customer_id, placedAt: new Date(e + offsetMs), totalCents, status });
      const mine: RawOrder[] = [order(-1, 111), order(WINDOW_DAYS * DAY_MS, 333)];
      if (i % 2 === 0) mine.push(order(0, 2500 + i));
      if (i % 3 === 0) mine.push(order(WINDOW_DAYS * DAY_MS - 1, 4999));
      if (i % 4 === 0) mine.push(order(2 * DAY_MS, 10_000, "cancelled"));
      if (i % 5 === 0) mine.push(order(3.5 * DAY_MS, 1234));
      return mine;
    });
    await insertOrders(workspaceId, planted);
    // One treated customer unsubscribed through the campaign's message.
    const unsubscriber = assigned.find((a) => a.arm === "treatment" && a.status === "sent")!;
    await pool.query(`INSERT INTO message_event (workspace_id, campaign_id, message_id, kind) VALUES ($1, $2, $3, 'unsubscribed')`, [workspaceId, campaign.id, unsubscriber.message_id]);

    await refreshArmOutcomes(workspaceId, campaign.id);
    const result = await armOutcomes(workspaceId, campaign.id);

    const sliceOf = (customerId: string) => segments[customerIds.indexOf(customerId) % 3] ?? "unknown";
    const expected = oracle(
      assigned.map((a) => ({
        customerId: a.customer_id,
        arm: a.arm,
        variant: a.variant_key,
        assignedAt: a.assigned_at,
        exposedAt: a.exposed_at,
        slice: sliceOf(a.customer_id),
        unsubscribed: a.customer_id === unsubscriber.customer_id,
      })),
      pre,
      [...pre, ...planted],
    );

    expect(result.arms.map((a) => a.arm).sort()).toEqual(["control", "treatment"]);
    for (const arm of result.arms) expectSums(arm, expected.byKey.get(`${arm.arm}||all`)!);
    // The test can tell: both arms converted, and the edges would change the sums if they were counted.
    expect(result.arms.every((a) => a.converters > 0 && a.sumX > 0)).toBe(true);

    const rfmSlices = result.slices.filter((s) => s.slice === "rfm_segment");
    expect(rfmSlices.map((s) => `${s.arm}|${s.value}`).sort()).toEqual([...expected.byKey.keys()].filter((k) => k.includes("rfm_segment:")).map((k) => k.replace("||rfm_segment:", "|")).sort());
    for (const s of rfmSlices) expectSums(s, expected.byKey.get(`${s.arm}||rfm_segment:${s.value}`)!);
    // Churn band and CLV decile were unknown for everyone: one slice each, equal to the arm.
    for (const kind of ["churn_band", "clv_decile"] as const) {
      for (const arm of result.arms) expectSums(result.slices.find((s) => s.slice === kind && s.arm === arm.arm && s.value === "unknown"), expected.byKey.get(`${arm.arm}||all`)!);
    }

    expect(result.daily.map((d) => `${d.arm}|${d.variantKey ?? ""}|${d.day}`).sort()).toEqual([...expected.days.keys()].sort());
    for (const d of result.daily) {
      const want = expected.days.get(`${d.arm}|${d.variantKey ?? ""}|${d.day}`)!;
      expect({ orders: d.orders, converters: d.converters, revenue: d.revenue }).toEqual({ orders: want.orders, converters: want.converters, revenue: want.revenueCents / 100 });
    }
    expect(result.refreshedAt).not.toBeNull();
    const latest = Math.max(...assigned.map((a) => a.exposed_at.getTime()));
    expect(result.windowEndsAt).toBe(new Date(latest + WINDOW_DAYS * DAY_MS).toISOString());
  });
});
