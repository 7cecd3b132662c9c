import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:nextbuy`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { insertOccurrence } from "../../lib/campaigns/delivery/occurrences.ts";
import { runOccurrence } from "../../lib/campaigns/delivery/run-occurrence.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { configureEmail, createAudience, emailContent, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver } from "../support/smtp-receiver.ts";

afterAll(async () => {
  closeEmailTransports();
  await closeQueues();
});

async function workspaceWithEmail(timezone: string) {
  const workspace = await createWorkspace({ timezone });
  const admin = await createUser(workspace.id, "ADMIN");
  const smtp = await startSmtpReceiver();
  await configureEmail(workspace.id, admin.id, smtp.port);
  return { workspaceId: workspace.id, actor: { userId: admin.id, role: "ADMIN" as const }, smtp };
}

async function plannedCustomers(campaignId: number): Promise<string[]> {
  const { rows } = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM message WHERE campaign_id = $1 ORDER BY customer_id`, [campaignId]);
  return rows.map((r) => r.customer_id);
}

async function planDay(workspaceId: number, campaignId: number, day: string): Promise<void> {
  const id = await withTransaction((client) => insertOccurrence(client, workspaceId, campaignId, `day:${day}`, new Date()));
  await runOccurrence(workspaceId, campaignId, id);
}

describe("expected next purchase passed by N days", () => {
  it("picks customers whose due day was exactly N local days ago, unless they ordered after the purchase the run saw", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("America/New_York");
    try {
      const { customerIds } = await createAudience(
        workspaceId,
        ["due14", "due14-late-evening", "due14-back", "due14-back-early", "due13", "due15"].map((name) => ({ email: `${name}@x.example` })),
      );
      const [due14, lateEvening, back, backEarly, due13, due15] = customerIds as [string, string, string, string, string, string];
      const order = (customerId: string, at: string) =>
        pool.query(`INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, $3, $4, 10, 'USD')`, [workspaceId, customerId, `o-${customerId}-${at}`, at]);
      // What a CLV run would have written: last purchase day (New York) + a 50-day gap = the due day.
      const metrics = (customerId: string, dueOn: string) =>
        pool.query(`INSERT INTO customer_metrics (customer_id, workspace_id, next_purchase_gap_days, next_purchase_due_on, order_count, revenue) VALUES ($1, $2, 49.7, $3, 1, 10)`, [customerId, workspaceId, dueOn]);
      // 14 local days before 2026-12-04 is 2026-11-20 = 2026-10-01 + 50 days.
      await order(due14, "2026-10-01T15:00:00Z");
      // 23:30 on 1 October in New York is 03:30Z on the 2nd: still the last purchase day the run saw.
      await order(lateEvening, "2026-10-02T03:30:00Z");
      await order(back, "2026-10-01T15:00:00Z");
      await order(backEarly, "2026-10-01T15:00:00Z");
      await order(due13, "2026-10-02T15:00:00Z");
      await order(due15, "2026-09-30T15:00:00Z");
      await metrics(due14, "2026-11-20");
      await metrics(lateEvening, "2026-11-20");
      await metrics(back, "2026-11-20");
      await metrics(backEarly, "2026-11-20");
      await metrics(due13, "2026-11-21");
      await metrics(due15, "2026-11-19");
      // Ordered again after the run: once after the due day, once before it (either way the due day is stale).
      await order(back, "2026-11-25T15:00:00Z");
      await order(backEarly, "2026-10-10T15:00:00Z");

      const campaign = await createCampaign(workspaceId, actor, {
        name: "Time for a refill",
        experiment: NO_HOLDOUT,
        kind: "triggered",
        trigger: { type: "next_purchase_overdue", days: 14 },
        content: emailContent(),
      });
      await launchCampaign(workspaceId, actor, campaign.id);
      await planDay(workspaceId, campaign.id, "2026-12-04");
      expect(await plannedCustomers(campaign.id)).toEqual([due14, lateEvening].sort((a, b) => Number(a) - Number(b)));
      // The next day it is the 13-day customer's turn; nobody is picked twice.
      await planDay(workspaceId, campaign.id, "2026-12-05");
      expect(await plannedCustomers(campaign.id)).toEqual([due14, lateEvening, due13].sort((a, b) => Number(a) - Number(b)));
    } finally {
      await smtp.stop();
    }
  });

  it("is refused without a whole number of days between 1 and 3650", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("UTC");
    try {
      for (const days of [0, 2.5, 4000]) {
        await expect(
          createCampaign(workspaceId, actor, { name: "Bad", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "next_purchase_overdue", days }, content: emailContent() }),
        ).rejects.toMatchObject({ name: "ZodError", issues: [expect.objectContaining({ path: ["trigger", "days"] })] });
      }
    } finally {
      await smtp.stop();
    }
  });
});
