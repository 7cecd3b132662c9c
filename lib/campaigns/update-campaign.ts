import { audit } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { campaignInputSchema } from "./campaign.schema.ts";
import { assertUsableSegment, assertValidTemplate, readCampaign, type CampaignActor, type CampaignRow } from "./campaign-record.ts";
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
  assertValidTemplate(input.content);
  const shape = campaignShape(input);
  return withTransaction(async (client) => {
    const row = await readCampaign(client, workspaceId, campaignId, true);
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw new AppError("CONFLICT", "Someone else saved this campaign since you opened it. Reload to see their changes.");
    }
    if (!["draft", "approved", "paused"].includes(row.status)) throw new AppError("CONFLICT", `A ${row.status} campaign cannot be edited. Pause it first.`);
    if (row.status === "paused") {
      const same = row.kind === input.kind && row.channel === input.content.channel && row.segment_id === shape.segmentId && JSON.stringify(row.schedule) === JSON.stringify(shape.schedule);
      if (!same) throw new AppError("CONFLICT", "A paused campaign keeps its channel, audience and schedule; only its name, template and policy can change.");
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
    await audit(client, { workspaceId, actorUserId: actor.userId, actorApiKey: actor.apiKeyId ?? null, action: "campaign.update", targetType: "campaign", targetId: String(campaignId), metadata: { name: input.name, version: row.version + 1 } });
    return readCampaign(client, workspaceId, campaignId);
  });
}
