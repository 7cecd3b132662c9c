import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:churn`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { clvSettingsSchema } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import { computeClv } from "../../lib/analytics/recompute/compute-clv.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { sweepTriggers } from "../../lib/campaigns/delivery/trigger-sweep.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { configureEmail, createAudience, emailContent } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver } from "../support/smtp-receiver.ts";
import { toyModels } from "../support/toy-clv-models.ts";
import { queueRun } from "./analytics-fixtures.ts";

afterAll(async () => {
  closeEmailTransports();
  await closeQueues();
});

const DAY_MS = 86_400_000;
const AS_OF = new Date("2026-06-30T20:00:00Z");
const BANDS = ["low", "medium", "high"] as const;

/** The band a P(alive) falls in under the given thresholds, as the settings page describes it. */
function bandOf(pAlive: number, lowAtLeast: number, mediumAtLeast: number): string {
  return pAlive >= lowAtLeast ? "low" : pAlive >= mediumAtLeast ? "medium" : "high";
}

async function runClv(workspaceId: number, lowAtLeast: number, mediumAtLeast: number): Promise<void> {
  const runId = await queueRun(workspaceId, "clv", AS_OF.toISOString());
  await pool.query(`UPDATE analytics_run SET status = 'RUNNING' WHERE id = $1`, [runId]);
  const settings = clvSettingsSchema.parse({ timeUnit: "days", annualDiscountRate: 0.12, churnRiskBands: { lowAtLeast, mediumAtLeast } });
  await computeClv({ workspaceId, runId, asOf: AS_OF, timezone: "UTC", settings, models: toyModels() });
}

async function pAliveByCustomer(workspaceId: number): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ customer_id: string; p_alive: number }>(`SELECT customer_id::text, p_alive FROM customer_metrics WHERE workspace_id = $1`, [workspaceId]);
  return new Map(rows.map((r) => [r.customer_id, r.p_alive]));
}

async function plannedCustomers(campaignId: number): Promise<string[]> {
  const { rows } = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM message WHERE campaign_id = $1 ORDER BY customer_id`, [campaignId]);
  return rows.map((r) => r.customer_id);
}

describe("churn-band trigger", () => {
  it("messages the customers a CLV run moved to a higher churn band, once, and only those still in it", async () => {
    const workspace = await createWorkspace({ timezone: "UTC" });
    const admin = await createUser(workspace.id, "ADMIN");
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const smtp = await startSmtpReceiver();
    try {
      await configureEmail(workspace.id, admin.id, smtp.port);
      // A CLV run fits on at least 20 customers.
      const { customerIds } = await createAudience(workspace.id, Array.from({ length: 20 }, (_, i) => ({ email: `c${i}@churn.example` })));
      // Days since each customer's last order: P(alive) under the test's model is exp(-days / 50).
      const lastOrderDaysAgo = customerIds.map((_, i) => 3 + 7 * i);
      await pool.query(
        `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
         SELECT $1, c, 'o-' || gen_random_uuid(), p, 40, 'USD', 'completed' FROM unnest($2::int8[], $3::timestamptz[]) AS u(c, p)`,
        [workspace.id, [...customerIds, ...customerIds], [...lastOrderDaysAgo.map((d) => new Date(AS_OF.getTime() - (d + 200) * DAY_MS)), ...lastOrderDaysAgo.map((d) => new Date(AS_OF.getTime() - d * DAY_MS))]],
      );

      await runClv(workspace.id, 0.7, 0.3);
      const anyRise = await createCampaign(workspace.id, actor, { name: "Any rise", kind: "triggered", trigger: { type: "churn_band_higher" }, content: emailContent() });
      const toHigh = await createCampaign(workspace.id, actor, { name: "Now high", kind: "triggered", trigger: { type: "churn_band_higher", to: "high" }, content: emailContent() });
      await launchCampaign(workspace.id, actor, anyRise.id);
      await launchCampaign(workspace.id, actor, toHigh.id);
      // Nothing has moved since the launch.
      expect(await sweepTriggers(workspace.id)).toBe(0);

      // Stricter thresholds at the next run raise some customers' bands; the oracle is the band rule applied to each P(alive).
      await runClv(workspace.id, 0.95, 0.6);
      const pAlive = await pAliveByCustomer(workspace.id);
      const rises = customerIds.filter((id) => BANDS.indexOf(bandOf(pAlive.get(id)!, 0.95, 0.6) as never) > BANDS.indexOf(bandOf(pAlive.get(id)!, 0.7, 0.3) as never));
      const risesToHigh = rises.filter((id) => bandOf(pAlive.get(id)!, 0.95, 0.6) === "high");
      expect(rises.length).toBeGreaterThanOrEqual(2);
      expect(risesToHigh.length).toBeGreaterThanOrEqual(1);
      expect(risesToHigh.length).toBeLessThan(rises.length);
      const { rows: changes } = await pool.query<{ customer_id: string; from_band: string; to_band: string }>(
        `SELECT customer_id::text, from_band, to_band FROM churn_band_change WHERE workspace_id = $1 ORDER BY customer_id`,
        [workspace.id],
      );
      expect(changes).toEqual(
        [...rises].sort((x, y) => Number(x) - Number(y)).map((id) => ({ customer_id: id, from_band: bandOf(pAlive.get(id)!, 0.7, 0.3), to_band: bandOf(pAlive.get(id)!, 0.95, 0.6) })),
      );

      expect(await sweepTriggers(workspace.id)).toBe(2);
      expect(await plannedCustomers(anyRise.id)).toEqual([...rises].sort((x, y) => Number(x) - Number(y)));
      expect(await plannedCustomers(toHigh.id)).toEqual([...risesToHigh].sort((x, y) => Number(x) - Number(y)));

      // Back to the workspace's thresholds: bands fall, which is no trigger, and a second sweep plans nothing twice.
      await runClv(workspace.id, 0.7, 0.3);
      expect(await sweepTriggers(workspace.id)).toBe(0);

      // A rise that a later run undid before the sweep saw it sends nothing: the customer is no longer in the band.
      const later = await createCampaign(workspace.id, actor, { name: "Later", kind: "triggered", trigger: { type: "churn_band_higher" }, content: emailContent() });
      await launchCampaign(workspace.id, actor, later.id);
      await runClv(workspace.id, 0.95, 0.6);
      await runClv(workspace.id, 0.7, 0.3);
      await sweepTriggers(workspace.id);
      expect(await plannedCustomers(later.id)).toEqual([]);
      // The same rise, left standing, does.
      await runClv(workspace.id, 0.95, 0.6);
      await sweepTriggers(workspace.id);
      expect(await plannedCustomers(later.id)).toEqual([...rises].sort((x, y) => Number(x) - Number(y)));
    } finally {
      await smtp.stop();
    }
  });
});
