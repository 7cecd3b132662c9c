import { planMessages, type PlanCounts } from "../../lib/campaigns/delivery/plan-messages.ts";
import { loadPlanArms } from "../../lib/campaigns/experiments/plan-arms.ts";
import { DEFAULT_CONTACT_POLICY, campaignPolicySchema } from "../../lib/campaigns/policy/contact-policy.schema.ts";
import { withTransaction } from "../../lib/db/transaction.ts";

/**
 * Plans one occurrence of an email campaign for a segment's members, as the
 * worker would (the campaign's own arms, the default contact policy), without
 * queueing anything: experiment tests then read the assignment ledger and
 * the held-out and queued messages straight from the tables, and
 * bench/campaign-arms.ts times it. Returns the plan's counts and the new
 * occurrence's id.
 */
export async function planOccurrence(workspaceId: number, campaignId: number, segmentId: number, key: string): Promise<PlanCounts & { occurrenceId: string }> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at) VALUES ($1, $2, $3, now()) RETURNING id::text`,
      [workspaceId, campaignId, key],
    );
    const occurrenceId = rows[0]!.id;
    const counts = await planMessages(client, {
      workspaceId,
      workspaceTimezone: "UTC",
      campaignId,
      occurrenceId,
      channel: "email",
      dueAt: new Date(),
      localTime: null,
      audience: (p) => `SELECT customer_id FROM segment_membership WHERE segment_id = ${p.add(segmentId, "int4")}`,
      policy: DEFAULT_CONTACT_POLICY,
      campaignPolicy: campaignPolicySchema.parse({}),
      arms: await loadPlanArms(client, workspaceId, campaignId, "email"),
    });
    return { ...counts, occurrenceId };
  });
}
