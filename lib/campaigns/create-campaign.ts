import { audit } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { campaignInputSchema, type CampaignInput } from "./campaign.schema.ts";
import { saveCampaignExperiment } from "./experiments/campaign-experiment.ts";
import { assertUsableSegment, assertValidTemplates, readCampaign, type CampaignActor, type CampaignRow } from "./campaign-record.ts";

/** The audience segment and what is stored in `schedule`, per kind. */
export function campaignShape(input: CampaignInput): { segmentId: number | null; schedule: unknown; segmentPath: string } {
  if (input.kind === "broadcast") return { segmentId: input.segmentId, schedule: { broadcast: input.schedule }, segmentPath: "segmentId" };
  if (input.kind === "recurring") return { segmentId: input.segmentId, schedule: { recurrence: input.recurrence }, segmentPath: "segmentId" };
  const schedule = { trigger: input.trigger, reeligibility: input.reeligibility };
  if (input.trigger.type === "segment_entry" || input.trigger.type === "segment_exit") return { segmentId: input.trigger.segmentId, schedule, segmentPath: "trigger.segmentId" };
  return { segmentId: input.segmentId ?? null, schedule, segmentPath: "segmentId" };
}

/** Saves a draft. Nothing is sent until it is launched. */
export async function createCampaign(workspaceId: number, actor: CampaignActor, raw: unknown): Promise<CampaignRow> {
  const input = campaignInputSchema.parse(raw);
  assertValidTemplates(input);
  const shape = campaignShape(input);
  return withTransaction(async (client) => {
    if (shape.segmentId !== null) await assertUsableSegment(client, workspaceId, shape.segmentId, shape.segmentPath);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO campaign (workspace_id, name, kind, channel, segment_id, content, schedule, policy, created_by)
       VALUES ($1, $2, $3::"CampaignKind", $4::"ChannelKind", $5, $6::jsonb, $7::jsonb, $8::jsonb, $9) RETURNING id`,
      [workspaceId, input.name, input.kind, input.content.channel, shape.segmentId, JSON.stringify(input.content), JSON.stringify(shape.schedule), JSON.stringify(input.policy), actor.userId],
    );
    const id = rows[0]!.id;
    await saveCampaignExperiment(client, workspaceId, id, input.experiment);
    await audit(client, { workspaceId, actorUserId: actor.userId, actorApiKey: actor.apiKeyId ?? null, action: "campaign.create", targetType: "campaign", targetId: String(id), metadata: { name: input.name, kind: input.kind, channel: input.content.channel } });
    return readCampaign(client, workspaceId, id);
  });
}
