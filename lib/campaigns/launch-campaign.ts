import type pg from "pg";
import { audit } from "../audit.ts";
import { loadChannelSettings } from "../channels/settings.ts";
import { isAvailableChannel } from "../channels/registry.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { enqueue } from "../queue/enqueue.ts";
import { loadWorkspaceTimezone } from "../segments/load-segment-context.ts";
import { storedScheduleSchema, type BroadcastSchedule, type Trigger } from "./campaign.schema.ts";
import { assertUsableSegment, assertValidTemplate, readCampaign, type CampaignActor, type CampaignRow } from "./campaign-record.ts";
import { insertOccurrence, occurrenceJobId } from "./delivery/occurrences.ts";
import { planMessages, type PlanCounts } from "./delivery/plan-messages.ts";
import { loadContactPolicy } from "./policy/contact-policy.ts";
import { campaignPolicySchema } from "./policy/contact-policy.schema.ts";
import { templateContentSchema } from "./templates/template-content.ts";
import { loadPlanArms } from "./experiments/plan-arms.ts";
import { loadCampaignExperiment } from "./experiments/campaign-experiment.ts";
import { launchMde, type LaunchMde } from "./results/launch-mde.ts";

/** The first instant a broadcast can be due: a local-time send starts where that wall-clock time comes first (UTC+14). */
export function broadcastDueAt(schedule: BroadcastSchedule, now: Date): Date {
  if (schedule.mode === "now") return now;
  if (schedule.mode === "at") return new Date(schedule.at);
  const earliest = new Date(`${schedule.date}T${schedule.time}:00+14:00`);
  return earliest > now ? earliest : now;
}

export interface LaunchPreview {
  segmentSize: number;
  /** What the contact policy decides for the audience as it is now. */
  counts: PlanCounts;
  /** Said when the audience is not known ahead (a trigger without a segment picks customers as it fires). */
  note?: string;
  /** The smallest lift this audience and control share can detect; absent when nothing would be measured. */
  mde?: LaunchMde;
}

/** What launching now would do: the audience, how many would be sent, deferred, and why the rest would not. */
export async function previewLaunch(workspaceId: number, campaignId: number): Promise<LaunchPreview> {
  return withTransaction(
    async (client) => {
      const row = await readCampaign(client, workspaceId, campaignId);
      if (row.segment_id === null) {
        return { segmentSize: 0, counts: { audience: 0, queued: 0, deferred: 0, heldOut: 0, skipped: {} }, note: "This trigger picks customers as it fires; each is checked against the contact policy then." };
      }
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM segment_membership WHERE segment_id = $1 AND workspace_id = $2`, [row.segment_id, workspaceId]);
      const schedule = storedScheduleSchema.parse(row.schedule);
      const counts = await planMessages(
        client,
        {
          workspaceId,
          workspaceTimezone: await loadWorkspaceTimezone(workspaceId, client),
          campaignId,
          occurrenceId: null,
          channel: row.channel,
          dueAt: new Date(),
          localTime: "broadcast" in schedule && schedule.broadcast.mode === "local" ? { date: schedule.broadcast.date, time: schedule.broadcast.time } : null,
          audience: (p) => `SELECT customer_id FROM segment_membership WHERE segment_id = ${p.add(row.segment_id, "int4")} AND workspace_id = ${p.add(workspaceId, "int4")}`,
          policy: await loadContactPolicy(workspaceId),
          campaignPolicy: campaignPolicySchema.parse(row.policy),
          arms: await loadPlanArms(client, workspaceId, campaignId, row.channel),
        },
        { dryRun: true },
      );
      const experiment = await loadCampaignExperiment(client, workspaceId, campaignId);
      const mde = await launchMde(client, workspaceId, row.segment_id, counts.queued, experiment.controlPercent, experiment.attributionDays);
      return mde === null ? { segmentSize: rows[0]!.n, counts } : { segmentSize: rows[0]!.n, counts, mde };
    },
    { readOnly: true },
  );
}

async function assertChannelReady(workspaceId: number, channel: CampaignRow["channel"]): Promise<void> {
  if (!isAvailableChannel(channel) || !(await loadChannelSettings(workspaceId, channel))) {
    throw new AppError("CONFLICT", `The ${channel} channel is not set up in this workspace. An admin configures it under Settings → Channels.`);
  }
}

/**
 * Starts a campaign. A broadcast gets its one occurrence (due now, at a time,
 * or from the first time zone where the local time comes); a triggered
 * campaign starts listening from this moment on. The occurrence is committed
 * before its job is queued, and the campaigns tick starts any due occurrence
 * whose job never made it to Redis, so a launch cannot be lost half way.
 */
export async function launchCampaign(workspaceId: number, actor: CampaignActor, campaignId: number, now = new Date()): Promise<CampaignRow> {
  const policy = await loadContactPolicy(workspaceId);
  const launched = await withTransaction(async (client) => {
    const row = await readCampaign(client, workspaceId, campaignId, true);
    if (row.status !== "draft" && row.status !== "approved") throw new AppError("CONFLICT", `This campaign is ${row.status}; only a draft or approved campaign can be launched.`);
    if (policy.requireApproval && row.status !== "approved" && actor.role !== "ADMIN") {
      throw new AppError("CONFLICT", "This workspace requires an admin's approval before a campaign's first send.");
    }
    assertValidTemplate(templateContentSchema.parse(row.content));
    if (row.segment_id !== null) await assertUsableSegment(client, workspaceId, row.segment_id, "segmentId");
    await assertChannelReady(workspaceId, row.channel);
    // A variant may send on another channel; it must be set up too.
    for (const variant of (await loadCampaignExperiment(client, workspaceId, campaignId)).variants) {
      if (variant.content && variant.content.channel !== row.channel) await assertChannelReady(workspaceId, variant.content.channel);
    }
    const schedule = storedScheduleSchema.parse(row.schedule);
    let occurrenceId: string | null = null;
    let status: CampaignRow["status"] = "active";
    if ("broadcast" in schedule) {
      const dueAt = broadcastDueAt(schedule.broadcast, now);
      occurrenceId = await insertOccurrence(client, workspaceId, campaignId, "broadcast", dueAt);
      if (dueAt > now) status = "scheduled";
    } else if ("trigger" in schedule) {
      await startTriggerCursor(client, workspaceId, campaignId, schedule.trigger);
    }
    await client.query(
      `UPDATE campaign SET status = $3::"CampaignStatus", launched_at = $4::timestamptz, updated_at = now(),
              approved_at = coalesce(approved_at, CASE WHEN $5::bool THEN $4::timestamptz END),
              approved_by = coalesce(approved_by, CASE WHEN $5::bool THEN $6::text END)
        WHERE id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId, status, now, actor.role === "ADMIN", actor.userId],
    );
    await audit(client, { workspaceId, actorUserId: actor.userId, actorApiKey: actor.apiKeyId ?? null, action: "campaign.launch", targetType: "campaign", targetId: String(campaignId), metadata: { status } });
    return { row: await readCampaign(client, workspaceId, campaignId), occurrenceId: status === "active" ? occurrenceId : null };
  });
  if (launched.occurrenceId) {
    await enqueue("campaign.occurrence", { workspaceId, campaignId, occurrenceId: launched.occurrenceId }, { jobId: occurrenceJobId(launched.occurrenceId) });
  }
  return launched.row;
}

/**
 * Only what happens after the launch triggers a campaign: entries and events
 * from then on, not everyone already in the segment or every past event.
 * Daily triggers need no cursor (each day is its own occurrence).
 */
async function startTriggerCursor(client: pg.PoolClient, workspaceId: number, campaignId: number, trigger: Trigger): Promise<void> {
  if (trigger.type === "segment_entry" || trigger.type === "segment_exit") {
    await client.query(
      `UPDATE campaign SET trigger_cursor = (SELECT coalesce(max(id), 0) FROM segment_transition WHERE workspace_id = $1 AND segment_id = $3)
        WHERE id = $2 AND workspace_id = $1`,
      [workspaceId, campaignId, trigger.segmentId],
    );
  } else if (trigger.type === "event") {
    // The newest event of any type: ids only grow, so every later event of the type is past it.
    await client.query(`UPDATE campaign SET trigger_cursor = (SELECT coalesce(max(id), 0) FROM event) WHERE id = $2 AND workspace_id = $1`, [workspaceId, campaignId]);
  } else if (trigger.type === "churn_band_higher") {
    await client.query(
      `UPDATE campaign SET trigger_cursor = (SELECT coalesce(max(id), 0) FROM churn_band_change WHERE workspace_id = $1) WHERE id = $2 AND workspace_id = $1`,
      [workspaceId, campaignId],
    );
  }
}
