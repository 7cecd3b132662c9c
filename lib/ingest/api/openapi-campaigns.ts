import { z } from "zod";
import { MAX_CAMPAIGN_BODY_BYTES, CAMPAIGN_STATUSES, MESSAGE_STATUSES, campaignCreateBodySchema, campaignPatchBodySchema } from "../../campaigns/api/campaign-api.schema.ts";
import { broadcastScheduleSchema, recurrenceSchema, reeligibilitySchema, storedScheduleSchema, triggerSchema } from "../../campaigns/campaign.schema.ts";
import type { CampaignDetail, CampaignSummary, MessageEventView, MessageView } from "../../campaigns/campaign-views.ts";
import type { LaunchPreview } from "../../campaigns/launch-campaign.ts";
import { campaignPolicySchema } from "../../campaigns/policy/contact-policy.schema.ts";
import { MESSAGE_REASONS } from "../../campaigns/policy/reasons.ts";
import { templateContentSchema } from "../../campaigns/templates/template-content.ts";
import { experimentInputSchema } from "../../campaigns/experiments/experiment.schema.ts";
import { campaignResultsSchema } from "./openapi-campaign-results.ts";
import { programmeResultsSchema } from "./openapi-programme.ts";
import { scoped } from "./openapi-scopes.ts";

/**
 * The public campaign endpoints (/api/v1/campaigns...) for the OpenAPI
 * document. Their handlers live in app/api/v1/campaigns and answer with the
 * shapes of lib/campaigns/campaign-views.ts; the response schemas here are
 * held to those types at compile time (below), and
 * tests/integration/api-v1-openapi.test.ts walks a campaign through every
 * endpoint and checks each answer against this description.
 */
const int = () => z.number().int();
const instant = () => z.string().meta({ description: "ISO 8601 instant (UTC)." });

const kind = z.enum(["broadcast", "recurring", "triggered"]);
const channel = z.enum(["email", "webhook", "sms", "push"]);
const reasonCode = z.string().meta({ description: `A reason code: ${Object.keys(MESSAGE_REASONS).join(", ")}.` });

const countsSchema = z.object({
  queued: int(),
  sending: int(),
  sent: int(),
  failed: int(),
  skipped: int(),
  heldOut: int().meta({ description: "Control-arm messages recorded as held out at the moment they would have been sent (never sent)." }),
  delivered: int(),
  opened: int().meta({ description: "Distinct messages opened by a person (machine opens left out)." }),
  clicked: int(),
  bounced: int(),
  complained: int(),
  unsubscribed: int(),
  reasons: z.record(z.string(), int()).meta({ description: "Skips and failures by reason code." }),
  asOf: instant().nullable().meta({ description: "When these counts were taken; they are refreshed every few seconds while the campaign sends. Null before the first count." }),
});

const summaryShape = {
  id: int(),
  name: z.string(),
  kind,
  channel,
  status: z.enum(CAMPAIGN_STATUSES),
  segment: z.object({ id: int(), name: z.string() }).nullable().meta({ description: "The audience (or, for a trigger that is not a segment's, the segment narrowing it); null for none." }),
  counts: countsSchema,
  lastActivityAt: instant().nullable(),
  launchedAt: instant().nullable(),
  updatedAt: instant(),
  createdAt: instant(),
};

export const campaignSummarySchema = z.object(summaryShape).meta({ title: "CampaignSummary" });

export const campaignDetailSchema = z
  .object({
    ...summaryShape,
    content: templateContentSchema,
    schedule: storedScheduleSchema.meta({ description: "As stored: `{ broadcast }`, `{ recurrence }` or `{ trigger, reeligibility }`." }),
    policy: campaignPolicySchema,
    version: int().meta({ description: "Goes up by one with every save; pass it as expectedVersion to refuse a change over someone else's." }),
    approvedAt: instant().nullable(),
    completedAt: instant().nullable(),
    series: z.array(z.object({ hour: instant(), sent: int(), failed: int() })).meta({ description: "Sent and failed per hour." }),
    experiment: z
      .object({ ...experimentInputSchema.shape, warnings: z.array(z.string()).meta({ description: "What to know before launching, e.g. that a 0 % control group makes nothing measurable." }) })
      .meta({ description: "Control group, attribution window, ROI inputs and A/B/n variants." }),
  })
  .meta({ title: "CampaignDetail" });

const messageShape = {
  id: z.string().meta({ description: "The message id (digits)." }),
  campaignId: int(),
  customer: z.object({ id: z.string(), externalId: z.string(), email: z.string().nullable() }),
  channel,
  status: z.enum(MESSAGE_STATUSES),
  reason: reasonCode.nullable().meta({ description: "Why it was skipped, deferred or failed." }),
  reasonText: z.string().nullable().meta({ description: "The reason in words." }),
  detail: z.string().nullable().meta({ description: "The provider's answer or the template fault, when there is one." }),
  attempts: int(),
  notBefore: instant(),
  sentAt: instant().nullable(),
  heldOutAt: instant().nullable().meta({ description: "When a control-group message was held out (the moment it would have been sent)." }),
  createdAt: instant(),
};

export const messageSchema = z.object(messageShape).meta({ title: "Message" });
const messageEventSchema = z.object({ kind: z.string().meta({ description: "From planning: queued, or skipped, and deferred (quiet hours, local time); from delivery: sent, held_out (the control group), deferred (a retry), failed, skipped; from tracking: delivered, opened, clicked, bounced, complained, unsubscribed." }), at: instant(), detail: z.record(z.string(), z.unknown()) });
export const messageWithEventsSchema = z.object({ ...messageShape, events: z.array(messageEventSchema) }).meta({ title: "MessageWithEvents" });

export const launchPreviewSchema = z.object({
  segmentSize: int(),
  counts: z.object({
    audience: int(),
    queued: int().meta({ description: "Would be sent (now, or when their time comes)." }),
    deferred: int().meta({ description: "Of those queued, held past the due time (quiet hours, local time)." }),
    heldOut: int().meta({ description: "Of those queued, the control group's: recorded as held out when due, never sent." }),
    skipped: z.record(z.string(), int()).meta({ description: "Would not be sent, by reason code." }),
  }),
  note: z.string().optional().meta({ description: "Said when the audience is not known ahead (a trigger without a segment picks customers as it fires)." }),
  mde: z
    .object({
      audience: int(),
      controlPercent: int(),
      historicalMean: z.number(),
      historicalSd: z.number(),
      windowDays: int(),
      absolute: z.number().meta({ description: "Smallest detectable difference in revenue per customer (two-sided α 0.05, power 0.8)." }),
      relative: z.number().nullable().meta({ description: "The same as a share of the segment's historical revenue per customer; null when that is 0." }),
    })
    .optional()
    .meta({ description: "The smallest lift this audience and control share can detect, from the segment's revenue per customer over the last attribution window. Absent without a control group." }),
});

const next = z.string().nullable().meta({ description: "Pass as ?after= for the next page; null on the last page." });

export const CAMPAIGN_COMPONENTS = {
  TemplateContent: templateContentSchema,
  CampaignPolicy: campaignPolicySchema,
  BroadcastSchedule: broadcastScheduleSchema,
  Recurrence: recurrenceSchema,
  Trigger: triggerSchema,
  Reeligibility: reeligibilitySchema,
  CampaignInput: campaignCreateBodySchema,
  CampaignPatch: campaignPatchBodySchema,
  CampaignSummary: campaignSummarySchema,
  CampaignDetail: campaignDetailSchema,
  CampaignList: z.object({ data: z.array(campaignSummarySchema), next }),
  CampaignResponse: z.object({ data: campaignDetailSchema }),
  CampaignConflict: z.object({
    error: z.object({
      code: z.literal("CONFLICT"),
      message: z.string(),
      details: z.object({ campaign: campaignDetailSchema.meta({ description: "The campaign as it is now." }) }),
    }),
  }),
  LaunchPreviewResponse: z.object({ data: launchPreviewSchema }),
  Message: messageSchema,
  MessagePage: z.object({ data: z.array(messageSchema), next }),
  MessageResponse: z.object({ data: messageWithEventsSchema }),
  CampaignResults: z.object({ data: campaignResultsSchema }),
  ProgrammeResults: z.object({ data: programmeResultsSchema }),
} as const;

// The documented shapes are the ones the handlers answer with (both ways, except where the view leaves a field `unknown`).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assignable<A, B> = [A] extends [B] ? true : false;
type _CampaignShapesMatch = [
  Mutual<z.output<typeof campaignSummarySchema>, CampaignSummary>,
  Assignable<z.output<typeof campaignDetailSchema>, CampaignDetail>,
  Mutual<Omit<z.output<typeof campaignDetailSchema>, "schedule" | "policy">, Omit<CampaignDetail, "schedule" | "policy">>,
  Mutual<z.output<typeof messageSchema>, MessageView>,
  Mutual<z.output<typeof messageEventSchema>, MessageEventView>,
  Assignable<LaunchPreview, z.output<typeof launchPreviewSchema>>,
] extends true[]
  ? true
  : never;
const _shapesMatch: _CampaignShapesMatch = true;

export const EXAMPLE_CAMPAIGN = {
  name: "Spring sale",
  kind: "broadcast",
  segmentId: 1,
  schedule: { mode: "now" },
  content: {
    channel: "email",
    subject: "Spring is here, {{ customer.first_name | default: 'friend' }}",
    html: '<p>Hi {{ customer.first_name | default: "there" }}, our spring collection is in.</p><p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>',
  },
};

export const EXAMPLE_CAMPAIGN_PATCH = { name: "Spring sale: last days", policy: { priority: 10 } };

type Ref = (name: keyof typeof CAMPAIGN_COMPONENTS | "Error") => { $ref: string };

export function campaignPaths(ref: Ref, errors: { "400": object; "401": object; "404": object; "413": object; "422": object }) {
  const json = (name: keyof typeof CAMPAIGN_COMPONENTS) => ({ "application/json": { schema: ref(name) } });
  const campaignId = { name: "campaignId", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
  const query = (name: string, schema: object, description: string) => ({ name, in: "query", required: false, schema, description });
  const after = query("after", { type: "string" }, "`next` from the previous page.");
  const limit = query("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Rows per page.");
  const conflict = { description: "The campaign's state does not allow this. `details.campaign` is the campaign as it is now.", content: json("CampaignConflict") };
  const read = { "401": errors["401"], "404": errors["404"] };
  const body = { "400": errors["400"], "413": errors["413"], "422": errors["422"] };
  const sendDown = {
    description: "The rate limiter cannot be reached; requests with the `send` scope are refused until it can (Retry-After: 5).",
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } },
    content: { "application/json": { schema: ref("Error") } },
  };

  const statusChange = (summary: string, description: string) => ({
    post: scoped("send", {
      summary,
      description,
      parameters: [campaignId],
      responses: { "200": { description: "The campaign as it now is.", content: json("CampaignResponse") }, ...read, "409": conflict, "503": sendDown },
    }),
  });

  return {
    "/api/v1/campaigns": {
      get: scoped("read", {
        summary: "List campaigns",
        description: "Most recently changed first, keyset-paginated: pass `next` back as `after` until it is null. Archived campaigns are left out unless `status=archived`.",
        parameters: [query("status", { type: "string", enum: [...CAMPAIGN_STATUSES] }, "Only campaigns in this status."), after, limit],
        responses: { "200": { description: "One page of campaigns.", content: json("CampaignList") }, "401": errors["401"], "422": errors["422"] },
      }),
      post: scoped("write", {
        summary: "Create a campaign (a draft)",
        description:
          "Saves a draft; nothing is sent until it is launched. The segment must be one of the workspace's, not archived. " +
          "A template that does not parse or names an unknown variable is a 422 whose details give the field (`content.html`), line and column. " +
          `Body at most ${MAX_CAMPAIGN_BODY_BYTES / 1024 / 1024} MB.`,
        requestBody: { required: true, content: { "application/json": { schema: ref("CampaignInput"), example: EXAMPLE_CAMPAIGN } } },
        responses: { "201": { description: "Created; Location names the new campaign.", content: json("CampaignResponse") }, "401": errors["401"], ...body },
      }),
    },
    "/api/v1/campaigns/{campaignId}": {
      get: scoped("read", {
        summary: "Get a campaign",
        description: "With its template, schedule, policy, counts and hourly series.",
        parameters: [campaignId],
        responses: { "200": { description: "The campaign.", content: json("CampaignResponse") }, ...read },
      }),
      patch: scoped("write", {
        summary: "Change a campaign",
        description:
          "The fields given replace the stored ones (each whole: `content` is the complete template), the rest keep their values. " +
          "A draft or approved campaign can change in full (an approved one goes back to draft: what was approved is not what it now says); " +
          "a paused one only in name, template and policy. The change is refused (409) when the campaign was saved since it was read, or since `expectedVersion`.",
        parameters: [campaignId],
        requestBody: { required: true, content: { "application/json": { schema: ref("CampaignPatch"), example: EXAMPLE_CAMPAIGN_PATCH } } },
        responses: { "200": { description: "The campaign as it now is.", content: json("CampaignResponse") }, ...read, ...body, "409": conflict },
      }),
    },
    "/api/v1/campaigns/{campaignId}/preview": {
      get: scoped("read", {
        summary: "Preview a launch",
        description: "What launching now would do: the audience, how many would be sent or deferred, and why the rest would not (the same rules as the real planning, as a dry run).",
        parameters: [campaignId],
        responses: { "200": { description: "The preview.", content: json("LaunchPreviewResponse") }, ...read },
      }),
    },
    "/api/v1/campaigns/{campaignId}/launch": statusChange(
      "Launch a campaign",
      "Starts a draft or approved campaign: a broadcast is planned (now, at its time, or from the first time zone where its local time comes), a trigger starts listening. " +
        "An API key acts as a marketer: where the workspace requires approval, a campaign no admin approved is refused (409), and a key's launch is never an approval. " +
        "Launching is idempotent: a retried launch of a campaign that was launched answers 409 with the campaign's current state in `details.campaign` and sends nothing again.",
    ),
    "/api/v1/campaigns/{campaignId}/pause": statusChange("Pause a campaign", "Stops sending an active or scheduled campaign; its waiting messages stay queued until it is resumed. A campaign that is not sending answers 409 with its state."),
    "/api/v1/campaigns/{campaignId}/resume": statusChange("Resume a campaign", "Sends the rest of a paused campaign; a message already sent is never sent again. A campaign that is not paused answers 409 with its state."),
    "/api/v1/campaigns/{campaignId}/archive": statusChange("Archive a campaign", "Ends a campaign for good: messages still waiting are skipped with the reason `archived`. An archived campaign answers 409 with its state."),
    "/api/v1/campaigns/{campaignId}/messages": {
      get: scoped("read", {
        summary: "List a campaign's messages",
        description: "Newest first, keyset-paginated: pass `next` back as `after` until it is null. One row per customer per occurrence, with the decision and its reason.",
        parameters: [
          campaignId,
          query("status", { type: "string", enum: [...MESSAGE_STATUSES] }, "Only messages in this status."),
          query("customer", { type: "string", maxLength: 320 }, "One customer's messages: their external id, or their email address (any case)."),
          after,
          limit,
        ],
        responses: { "200": { description: "One page of messages.", content: json("MessagePage") }, ...read, "422": errors["422"] },
      }),
    },
    "/api/v1/campaigns/{campaignId}/results": {
      get: scoped("read", {
        summary: "Get a campaign's results",
        description:
          "Per arm and variant (intention to treat): customers, converters, conversion rate, orders, revenue, revenue per customer, average order value, unsubscribes; " +
          "each treatment against the control with fixed-horizon (Welch) and always-valid intervals, CUPED, incremental conversions, revenue and ROI; variants against each other; " +
          "the sample-ratio check; the verdict (from the always-valid interval: significant only when it excludes 0); the cumulative incremental revenue by day with its band; uplift by RFM segment, churn band and CLV decile. " +
          "Read from per-arm sums a worker keeps (`refreshedAt`), never from orders. `state` is `no_control` (nothing measurable) or `too_early` until both arms have 30 customers.",
        parameters: [campaignId],
        responses: { "200": { description: "The results.", content: json("CampaignResults") }, ...read },
      }),
    },
    "/api/v1/programme/results": {
      get: scoped("read", {
        summary: "Get the programme's results over a period",
        description:
          "The global control group against everyone else over the days `from` to `to` (workspace calendar days, both included; both omitted: the last 30 days): " +
          "customers (as of the period's first day: intention to treat), converters, orders, revenue and revenue per customer in each group; the difference per customer with " +
          "fixed-horizon (Welch) and always-valid intervals; the incremental revenue of all campaigns together; the verdict (from the always-valid interval: a gain only when it lies above 0). " +
          "Read from per-day sums a worker rewrites hourly (`refreshedAt`), never from orders.",
        parameters: [
          query("from", { type: "string", format: "date" }, "First day, YYYY-MM-DD (with `to`)."),
          query("to", { type: "string", format: "date" }, "Last day, YYYY-MM-DD, at most 1096 days after `from`."),
        ],
        responses: { "200": { description: "The programme's results.", content: json("ProgrammeResults") }, "401": errors["401"], "422": errors["422"] },
      }),
    },
    "/api/v1/campaigns/{campaignId}/messages/{messageId}": {
      get: scoped("read", {
        summary: "Get a message with its events",
        parameters: [campaignId, { name: "messageId", in: "path", required: true, schema: { type: "string", pattern: "^[1-9][0-9]{0,18}$" } }],
        responses: { "200": { description: "The message and what happened to it, in order.", content: json("MessageResponse") }, ...read },
      }),
    },
  };
}
