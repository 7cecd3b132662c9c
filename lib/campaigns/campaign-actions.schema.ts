import { z } from "zod";
import { INT4_MAX } from "../route-id.ts";
import { campaignInputSchema } from "./campaign.schema.ts";

const campaignId = z.number().int().min(1, "campaignId must be a campaign id").max(INT4_MAX, "campaignId must be a campaign id");

/** Launch, approve, pause, resume, archive and the launch preview name one campaign. */
export const campaignRefSchema = z.strictObject({ campaignId });

/** The launch panel asks for a fresh count when it opens (`restart`) and polls without it. */
export const launchPreviewRequestSchema = z.strictObject({ campaignId, restart: z.boolean().default(false) });

/**
 * A save of an existing campaign: the whole campaign as the editor holds it,
 * beside its id and the version the editor loaded (a save over someone
 * else's newer one is refused). Flat, so field errors carry the same paths
 * as a new campaign's (`content.subject`, `schedule.at`).
 */
export const updateCampaignRequestSchema = z.intersection(
  z.object({ campaignId, expectedVersion: z.number().int().min(1).max(INT4_MAX) }),
  campaignInputSchema,
);

export type CampaignRef = z.infer<typeof campaignRefSchema>;
export type UpdateCampaignRequest = z.infer<typeof updateCampaignRequestSchema>;
