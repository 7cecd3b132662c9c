import { z } from "zod";
import { AppError } from "../../errors.ts";
import { INT4_MAX } from "../../route-id.ts";
import { textProblem } from "../../storable-text.ts";
import { campaignInputSchema, broadcastScheduleSchema, reeligibilitySchema, recurrenceSchema, triggerSchema } from "../campaign.schema.ts";
import type { CampaignStatus, MessageStatus } from "../campaign-views.ts";
import { campaignPolicySchema } from "../policy/contact-policy.schema.ts";
import { templateContentSchema } from "../templates/template-content.ts";
import { experimentInputSchema } from "../experiments/experiment.schema.ts";

/**
 * What the public campaign routes (/api/v1/campaigns...) accept: bodies,
 * query parameters and path ids. The bodies are the editor's own input schema
 * (campaign.schema.ts), made strict, so a misspelt field is refused by name
 * instead of quietly falling back to its default.
 */

/** Room for the largest template (256 KiB of HTML and 64 KiB of text) once JSON-escaped, and the other fields. */
export const MAX_CAMPAIGN_BODY_BYTES = 1024 * 1024;

const [broadcast, recurring, triggered, ...otherKinds] = campaignInputSchema.options;
// A new campaign kind must be added here too; this line stops the build until it is.
const _everyKindListed: [] = otherKinds;

export const campaignCreateBodySchema = z.discriminatedUnion("kind", [broadcast.strict(), recurring.strict(), triggered.strict()]);

/**
 * A partial campaign: the fields given replace the stored ones (each whole:
 * `content` is the complete template, `policy` the complete policy), the rest
 * keep their values. `expectedVersion` refuses the change when the campaign
 * was saved by someone else since that version was read.
 */
export const campaignPatchBodySchema = z.strictObject({
  name: broadcast.shape.name.optional(),
  kind: z.enum([broadcast.shape.kind.value, recurring.shape.kind.value, triggered.shape.kind.value]).optional(),
  segmentId: triggered.shape.segmentId,
  schedule: broadcastScheduleSchema.optional(),
  recurrence: recurrenceSchema.optional(),
  trigger: triggerSchema.optional(),
  reeligibility: reeligibilitySchema.optional(),
  content: templateContentSchema.optional(),
  policy: campaignPolicySchema.optional(),
  experiment: experimentInputSchema.optional(),
  expectedVersion: z.number().int().min(1).max(INT4_MAX).optional(),
});

export type CampaignPatch = z.output<typeof campaignPatchBodySchema>;

export const CAMPAIGN_STATUSES = ["draft", "approved", "scheduled", "active", "paused", "completed", "archived"] as const satisfies readonly CampaignStatus[];
export const MESSAGE_STATUSES = ["queued", "sending", "sent", "failed", "skipped", "held_out"] as const satisfies readonly MessageStatus[];
// Both lists hold every status of their type (the views' types are the source).
const _allCampaignStatuses: Exclude<CampaignStatus, (typeof CAMPAIGN_STATUSES)[number]> extends never ? true : never = true;
const _allMessageStatuses: Exclude<MessageStatus, (typeof MESSAGE_STATUSES)[number]> extends never ? true : never = true;

/** Text a query parameter may hold: what Postgres can compare, and not more than any stored value. */
function queryText(name: string, maxChars: number) {
  return z
    .string()
    .max(maxChars, `${name} is at most ${maxChars} characters`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${name} ${problem}` });
    });
}

function limit(max: number, fallback: number) {
  return z.coerce
    .number({ error: `limit must be a whole number from 1 to ${max}` })
    .int(`limit must be a whole number from 1 to ${max}`)
    .min(1, `limit must be a whole number from 1 to ${max}`)
    .max(max, `limit must be a whole number from 1 to ${max}`)
    .default(fallback);
}

export const campaignListQuerySchema = z.object({
  status: z.enum(CAMPAIGN_STATUSES, { error: `status is one of ${CAMPAIGN_STATUSES.join(", ")}` }).optional(),
  after: queryText("after", 200).optional(),
  limit: limit(200, 50),
});

export const messageListQuerySchema = z.object({
  status: z.enum(MESSAGE_STATUSES, { error: `status is one of ${MESSAGE_STATUSES.join(", ")}` }).optional(),
  customer: queryText("customer", 320).optional(),
  after: queryText("after", 40).optional(),
  limit: limit(200, 50),
});

/** The named query parameters of a URL; an empty one counts as absent. */
export function queryParams(url: string, names: readonly string[]): Record<string, string | undefined> {
  const params = new URL(url).searchParams;
  return Object.fromEntries(names.map((name) => [name, params.get(name) || undefined]));
}

/** A campaign id from the URL: anything that cannot be one is not found, worded like a campaign that does not exist. */
export function parseCampaignId(raw: string | undefined): number {
  const id = raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : 0;
  if (id < 1 || id > INT4_MAX) throw new AppError("NOT_FOUND", "No such campaign");
  return id;
}
