import type pg from "pg";
import { withTransaction } from "../../db/transaction.ts";
import { loadWorkspaceTimezone } from "../../segments/load-segment-context.ts";
import type { SqlParams } from "../../segments/sql-params.ts";
import { storedScheduleSchema, type Reeligibility, type Trigger } from "../campaign.schema.ts";
import { readCampaign } from "../campaign-record.ts";
import { loadContactPolicy } from "../policy/contact-policy.ts";
import { campaignPolicySchema } from "../policy/contact-policy.schema.ts";
import { planMessages, type PlanCounts } from "./plan-messages.ts";
import { queueMessages } from "./queue-messages.ts";

interface OccurrenceRow {
  id: string;
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
      `SELECT id::text, due_at, planned_at, trigger_from::text, trigger_to::text FROM campaign_occurrence
        WHERE id = $1 AND workspace_id = $2 AND campaign_id = $3 FOR UPDATE`,
      [occurrenceId, workspaceId, campaignId],
    );
    const occurrence = rows[0];
    if (!occurrence) return { skipped: "no such occurrence" } as const;
    if (occurrence.planned_at) return { planned: "already" } as const;
    const campaign = await readCampaign(client, workspaceId, campaignId);
    // A paused campaign is planned when it resumes (the tick starts due occurrences of active campaigns).
    if (campaign.status !== "active") return { skipped: `campaign ${campaign.status}` } as const;
    const schedule = storedScheduleSchema.parse(campaign.schedule);
    const counts = await planMessages(client, {
      workspaceId,
      workspaceTimezone: await loadWorkspaceTimezone(workspaceId, client),
      campaignId,
      occurrenceId,
      channel: campaign.channel,
      dueAt: occurrence.due_at,
      localTime: "broadcast" in schedule && schedule.broadcast.mode === "local" ? { date: schedule.broadcast.date, time: schedule.broadcast.time } : null,
      audience:
        "broadcast" in schedule
          ? (p) => `SELECT customer_id FROM segment_membership WHERE segment_id = ${p.add(campaign.segment_id, "int4")} AND workspace_id = ${p.add(workspaceId, "int4")}`
          : (p) => triggerAudience(p, workspaceId, campaignId, schedule.trigger, schedule.reeligibility, occurrence),
      policy,
      campaignPolicy: campaignPolicySchema.parse(campaign.policy),
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

/**
 * The customers a trigger picked in this occurrence's range of transitions,
 * still where the trigger put them (an entry still in the segment, an exit
 * still out), and not excluded by re-eligibility: "once" means never again
 * after a message that was queued or sent; "after_days" means not within that
 * many days of the last one.
 */
function triggerAudience(p: SqlParams, workspaceId: number, campaignId: number, trigger: Trigger, reeligibility: Reeligibility, occurrence: OccurrenceRow): string {
  const ws = p.add(workspaceId, "int4");
  const segment = p.add(trigger.segmentId, "int4");
  const kind = trigger.type === "segment_entry" ? "ENTERED" : "EXITED";
  const membership = `${trigger.type === "segment_entry" ? "" : "NOT "}EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${segment} AND sm.customer_id = t.customer_id)`;
  const recent =
    reeligibility.mode === "once"
      ? "m.status IN ('queued', 'sending', 'sent')"
      : `(m.status IN ('queued', 'sending') OR (m.status = 'sent' AND m.sent_at > now() - ${p.add(reeligibility.days, "int4")} * interval '1 day'))`;
  return `SELECT DISTINCT t.customer_id FROM segment_transition t
           WHERE t.workspace_id = ${ws} AND t.segment_id = ${segment} AND t.kind = '${kind}'
             AND t.id > ${p.add(occurrence.trigger_from ?? "0", "int8")} AND t.id <= ${p.add(occurrence.trigger_to ?? "0", "int8")}
             AND ${membership}
             AND NOT EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = ${ws} AND m.campaign_id = ${p.add(campaignId, "int4")}
                               AND m.customer_id = t.customer_id AND ${recent})`;
}
