import { storedScheduleSchema } from "../campaign.schema.ts";
import type { CampaignDetail } from "../campaign-views.ts";

/** A campaign's fields as the input schema names them (campaign.schema.ts); parsed again when saved. */
export type CampaignFields = Record<string, unknown>;

/**
 * A saved campaign as the input that would save it again (the inverse of
 * campaignShape): what a partial change is laid over. A segment trigger names
 * its segment in the trigger, so no separate `segmentId` is carried for it:
 * a change to another trigger type then starts without a narrowing segment.
 */
export function storedCampaignInput(campaign: CampaignDetail): CampaignFields {
  const { warnings: _warnings, ...experiment } = campaign.experiment;
  const common = { name: campaign.name, content: campaign.content, policy: campaign.policy, experiment };
  const schedule = storedScheduleSchema.parse(campaign.schedule);
  const segmentId = campaign.segment?.id ?? null;
  if ("broadcast" in schedule) return { ...common, kind: "broadcast", segmentId, schedule: schedule.broadcast };
  if ("recurrence" in schedule) return { ...common, kind: "recurring", segmentId, recurrence: schedule.recurrence };
  const segmentTrigger = schedule.trigger.type === "segment_entry" || schedule.trigger.type === "segment_exit";
  return { ...common, kind: "triggered", trigger: schedule.trigger, reeligibility: schedule.reeligibility, ...(segmentTrigger ? {} : { segmentId }) };
}
