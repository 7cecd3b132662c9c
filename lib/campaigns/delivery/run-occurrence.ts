import type pg from "pg";
import { withTransaction } from "../../db/transaction.ts";
import { loadWorkspaceTimezone } from "../../segments/load-segment-context.ts";
import { storedScheduleSchema } from "../campaign.schema.ts";
import { readCampaign } from "../campaign-record.ts";
import { loadContactPolicy } from "../policy/contact-policy.ts";
import { campaignPolicySchema } from "../policy/contact-policy.schema.ts";
import { segmentMembers, triggerAudience, type AudienceContext } from "./occurrence-audience.ts";
import { planMessages, type PlanCounts } from "./plan-messages.ts";
import { queueMessages } from "./queue-messages.ts";
import { loadPlanArms } from "../experiments/plan-arms.ts";

// pg_advisory_xact_lock(namespace, campaign): one occurrence of a campaign is planned at a time, so two
// occurrences cannot both assign a new customer from settings read apart.
const PLAN_LOCK_NAMESPACE = 7_303;

interface OccurrenceRow {
  id: string;
  key: string;
  due_at: Date;
  planned_at: Date | null;
  trigger_from: string | null;
  trigger_to: string | null;
}

export type OccurrenceOutcome = { planned: PlanCounts | "already"; queued: number; skipped?: undefined } | { skipped: string };

/**
 * Plans an occurrence (its message rows, in one transaction with marking it
 * planned) and queues its messages. Safe to run any number of times: a planned
 * occurrence only has its not-yet-queued messages queued again.
 */
export async function runOccurrence(workspaceId: number, campaignId: number, occurrenceId: string): Promise<OccurrenceOutcome> {
  const policy = await loadContactPolicy(workspaceId);
  const result = await withTransaction(async (client) => {
    const { rows } = await client.query<OccurrenceRow>(
      `SELECT id::text, key, due_at, planned_at, trigger_from::text, trigger_to::text FROM campaign_occurrence
        WHERE id = $1 AND workspace_id = $2 AND campaign_id = $3 FOR UPDATE`,
      [occurrenceId, workspaceId, campaignId],
    );
    const occurrence = rows[0];
    if (!occurrence) return { skipped: "no such occurrence" } as const;
    if (occurrence.planned_at) return { planned: "already" } as const;
    const campaign = await readCampaign(client, workspaceId, campaignId);
    // A paused campaign is planned when it resumes (the tick starts due occurrences of active campaigns).
    if (campaign.status !== "active") return { skipped: `campaign ${campaign.status}` } as const;
    await client.query(`SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, [PLAN_LOCK_NAMESPACE, campaignId]);
    const schedule = storedScheduleSchema.parse(campaign.schedule);
    const workspaceTimezone = await loadWorkspaceTimezone(workspaceId, client);
    const ctx: AudienceContext = {
      workspaceId,
      campaignId,
      segmentId: campaign.segment_id,
      workspaceTimezone,
      triggerFrom: occurrence.trigger_from,
      triggerTo: occurrence.trigger_to,
      day: /^day:(\d{4}-\d{2}-\d{2})$/.exec(occurrence.key)?.[1] ?? null,
    };
    const counts = await planMessages(client, {
      workspaceId,
      workspaceTimezone,
      campaignId,
      occurrenceId,
      channel: campaign.channel,
      dueAt: occurrence.due_at,
      localTime: "broadcast" in schedule && schedule.broadcast.mode === "local" ? { date: schedule.broadcast.date, time: schedule.broadcast.time } : null,
      audience: "trigger" in schedule ? (p) => triggerAudience(p, ctx, schedule.trigger, schedule.reeligibility) : (p) => segmentMembers(p, ctx),
      policy,
      campaignPolicy: campaignPolicySchema.parse(campaign.policy),
      arms: await loadPlanArms(client, workspaceId, campaignId, campaign.channel),
    });
    await markPlanned(client, occurrenceId, counts);
    return { planned: counts } as const;
  });
  if (result.skipped !== undefined) return { skipped: result.skipped };
  const queued = await queueMessages(workspaceId, { occurrenceId });
  return { planned: result.planned!, queued };
}

async function markPlanned(client: pg.PoolClient, occurrenceId: string, counts: PlanCounts): Promise<void> {
  const skipped = Object.values(counts.skipped).reduce((a, b) => a + (b ?? 0), 0);
  await client.query(
    `UPDATE campaign_occurrence SET planned_at = now(), audience_count = $2, queued_count = $3, skipped_count = $4 WHERE id = $1`,
    [occurrenceId, counts.audience, counts.queued, skipped],
  );
}
