import { z } from "zod";

/**
 * Every background job, declared once: its queue and payload schema. Payloads
 * carry ids only, never personal data; they are validated when enqueued and
 * again when processed. Handlers live in workers/processors.
 */
export const QUEUES = {
  analytics: "analytics",
  segments: "segments",
  imports: "imports",
  campaigns: "campaigns",
  messages: "messages",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const workspaceRun = z.object({ workspaceId: z.number().int().positive(), runId: z.number().int().positive() });

export const JOBS = {
  /** RFM scores and segments for every customer of a workspace. */
  "rfm.recompute": { queue: QUEUES.analytics, schema: workspaceRun },
  /** Fit CLV models and score every customer of a workspace. */
  "clv.recompute": { queue: QUEUES.analytics, schema: workspaceRun },
  /** Behaviour features and value clusters of every customer of a workspace (after each CLV run, and on request). */
  "clusters.run": { queue: QUEUES.analytics, schema: workspaceRun },
  /** Rewrite one workspace's cohort aggregates (after analytics runs and imports). */
  "cohorts.refresh": { queue: QUEUES.analytics, schema: z.object({ workspaceId: z.number().int().positive() }) },
  /** Rebuild one workspace's co-purchase model (after imports, API order writes and nightly). */
  "recommendations.build": { queue: QUEUES.analytics, schema: z.object({ workspaceId: z.number().int().positive() }) },
  /** Nightly fan-out: enqueue RFM + CLV for every workspace whose schedule is due. */
  "analytics.schedule-tick": { queue: QUEUES.analytics, schema: z.object({}) },
  /** Recompute one dynamic segment's membership. */
  "segment.refresh": {
    queue: QUEUES.segments,
    schema: z.object({ workspaceId: z.number().int().positive(), segmentId: z.number().int().positive() }),
  },
  /** Fan-out: refresh every dynamic segment that is due. */
  "segments.schedule-tick": { queue: QUEUES.segments, schema: z.object({}) },
  /** Import an uploaded CSV file (customers or orders). */
  "import.run": {
    queue: QUEUES.imports,
    schema: z.object({ workspaceId: z.number().int().positive(), importJobId: z.number().int().positive() }),
  },
  /** Plan one occurrence of a campaign (its message rows) and queue the messages. */
  "campaign.occurrence": {
    queue: QUEUES.campaigns,
    schema: z.object({ workspaceId: z.number().int().positive(), campaignId: z.number().int().positive(), occurrenceId: z.string().regex(/^[1-9][0-9]{0,18}$/) }),
  },
  /** Count what launching a campaign would do (the launch preview), for the campaign version asked about. */
  "campaign.preview": {
    queue: QUEUES.campaigns,
    schema: z.object({ workspaceId: z.number().int().positive(), campaignId: z.number().int().positive(), version: z.number().int().positive() }),
  },
  /** Turn a workspace's new segment transitions and events into triggered messages now (called after data arrives). */
  "campaigns.triggers": { queue: QUEUES.campaigns, schema: z.object({ workspaceId: z.number().int().positive() }) },
  /** Recompute one campaign's per-arm outcome sums from its assignments and the orders in their windows. */
  "campaign.outcomes": {
    queue: QUEUES.campaigns,
    schema: z.object({ workspaceId: z.number().int().positive(), campaignId: z.number().int().positive() }),
  },
  /** Apply an admin's change of the global control percentage (move the customers it requires). */
  "global-control.change": {
    queue: QUEUES.campaigns,
    schema: z.object({ workspaceId: z.number().int().positive(), changeId: z.string().regex(/^[1-9][0-9]{0,18}$/) }),
  },
  /** Rewrite one workspace's programme sums (global control group against everyone else, per day). */
  "programme.refresh": { queue: QUEUES.campaigns, schema: z.object({ workspaceId: z.number().int().positive() }) },
  /** Fan-out: start due occurrences, re-queue messages Redis lost, complete finished campaigns. */
  "campaigns.tick": { queue: QUEUES.campaigns, schema: z.object({}) },
  /** Send one message; the job id is `message-<id>`. */
  "message.send": {
    queue: QUEUES.messages,
    schema: z.object({ workspaceId: z.number().int().positive(), messageId: z.string().regex(/^[1-9][0-9]{0,18}$/) }),
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].schema.parse(data) as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
