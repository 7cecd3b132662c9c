import { audit } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { campaignInputSchema, storedScheduleSchema } from "./campaign.schema.ts";
import { loadCampaignExperiment, saveCampaignExperiment } from "./experiments/campaign-experiment.ts";
import { sameArms } from "./experiments/same-arms.ts";
import { assertUsableSegment, assertValidTemplates, readCampaign, type CampaignActor, type CampaignRow } from "./campaign-record.ts";
import { campaignShape } from "./create-campaign.ts";

/**
 * Saves changes to a campaign that is not sending: a draft or approved one
 * in full (an approved campaign goes back to draft: what was approved is not
 * what it now says), a paused one in its name, template and policy only (its
 * audience and schedule are already planned). `expectedVersion`, when given,
 * refuses a save over someone else's newer one.
 */
export async function updateCampaign(workspaceId: number, actor: CampaignActor, campaignId: number, raw: unknown, expectedVersion?: number): Promise<CampaignRow> {
  const input = campaignInputSchema.parse(raw);
  assertValidTemplates(input);
  const shape = campaignShape(input);
  return withTransaction(async (client) => {
    const row = await readCampaign(client, workspaceId, campaignId, true);
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw new AppError("CONFLICT", "Someone else saved this campaign since you opened it. Reload to see their changes.");
    }
    if (!["draft", "approved", "paused"].includes(row.status)) throw new AppError("CONFLICT", `This campaign is ${row.status}; ${row.status === "active" || row.status === "scheduled" ? "pause it to edit it" : "it can no longer be edited"}.`);
    if (row.status === "paused") {
      // Both schedules through the schema, so keys stand in one order: jsonb hands them back sorted by length ({"at", "mode"}).
      const schedule = (value: unknown) => JSON.stringify(storedScheduleSchema.parse(value));
      const same = row.kind === input.kind && row.channel === input.content.channel && row.segment_id === shape.segmentId && schedule(row.schedule) === schedule(shape.schedule);
      if (!same) throw new AppError("CONFLICT", "A paused campaign keeps its channel, audience and schedule; only its name, template and policy can change.");
      // Customers already assigned keep their arm either way; changing the split half way would make the arms incomparable.
      if (!sameArms(await loadCampaignExperiment(client, workspaceId, campaignId), input.experiment)) {
        throw new AppError("CONFLICT", "A paused campaign keeps its control group and its variants' keys, weights and channels; their content, the attribution window and the ROI inputs can change.");
      }
    }
    if (shape.segmentId !== null) await assertUsableSegment(client, workspaceId, shape.segmentId, shape.segmentPath);
    await client.query(
      `UPDATE campaign SET name = $3, kind = $4::"CampaignKind", channel = $5::"ChannelKind", segment_id = $6, content = $7::jsonb, schedule = $8::jsonb,
              policy = $9::jsonb, version = version + 1, updated_at = now(),
              status = CASE WHEN status = 'approved' THEN 'draft'::"CampaignStatus" ELSE status END,
              approved_at = CASE WHEN status = 'approved' THEN NULL ELSE approved_at END,
              approved_by = CASE WHEN status = 'approved' THEN NULL ELSE approved_by END
        WHERE id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId, input.name, input.kind, input.content.channel, shape.segmentId, JSON.stringify(input.content), JSON.stringify(shape.schedule), JSON.stringify(input.policy)],
    );
    await saveCampaignExperiment(client, workspaceId, campaignId, input.experiment);
    await audit(client, { workspaceId, actorUserId: actor.userId, actorApiKey: actor.apiKeyId ?? null, action: "campaign.update", targetType: "campaign", targetId: String(campaignId), metadata: { name: input.name, version: row.version + 1 } });
    return readCampaign(client, workspaceId, campaignId);
  });
}
