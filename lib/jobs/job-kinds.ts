import { JOBS, isJobName, type JobName, type JobPayload, type QueueName } from "../queue/jobs.ts";

/** What a job works on, as the Jobs page names and links it (ids only). */
export interface JobSubject {
  text: string;
  /** Page below /w/[workspace] that shows it. */
  path: string;
}

/**
 * How a failed job is run again: by retrying the job itself (its processor
 * re-reads the state and may run twice safely), or somewhere else, because
 * the job refers to a record that its failure closed for good.
 */
export type Rerun = { by: "retry" } | { by: "elsewhere"; how: string; /** Page below /w/[workspace] where it is done, if any. */ path: string | null };

interface JobKind<N extends JobName> {
  label: string;
  subject(payload: JobPayload<N>): JobSubject | null;
  rerun: Rerun;
}

// A failed analytics job marks its run FAILED; retrying the job would find the
// run closed and skip it, so a new run is the way to run it again.
const newAnalyticsRun = (page: string, path: string): Rerun => ({
  by: "elsewhere",
  how: `A failed run is not run again: start a new one with “Recompute now” on the ${page} page.`,
  path,
});

/** Every job the Jobs page may show, in words. Global ticks are never listed for a workspace but are named all the same. */
export const JOB_KINDS: { [N in JobName]: JobKind<N> } = {
  "rfm.recompute": { label: "RFM recompute", subject: (p) => ({ text: `Run ${p.runId}`, path: "/rfm" }), rerun: newAnalyticsRun("RFM", "/rfm") },
  "clv.recompute": { label: "CLV and churn recompute", subject: (p) => ({ text: `Run ${p.runId}`, path: "/ltv" }), rerun: newAnalyticsRun("LTV & Churn", "/ltv") },
  "clusters.run": {
    label: "Value drivers and clusters",
    subject: (p) => ({ text: `Run ${p.runId}`, path: "/value-drivers" }),
    rerun: { by: "elsewhere", how: "A failed run is not run again: start a new one with “Re-run clusters” on the Value drivers page.", path: "/value-drivers" },
  },
  "cohorts.refresh": { label: "Cohort aggregates refresh", subject: () => ({ text: "Cohorts", path: "/cohorts" }), rerun: { by: "retry" } },
  "recommendations.build": { label: "Recommendations build", subject: () => ({ text: "Products", path: "/products" }), rerun: { by: "retry" } },
  "analytics.schedule-tick": { label: "Nightly analytics schedule", subject: () => null, rerun: { by: "retry" } },
  "segment.refresh": { label: "Segment refresh", subject: (p) => ({ text: `Segment ${p.segmentId}`, path: `/segments/${p.segmentId}` }), rerun: { by: "retry" } },
  "segments.schedule-tick": { label: "Segment refresh schedule", subject: () => null, rerun: { by: "retry" } },
  "import.run": { label: "CSV import", subject: (p) => ({ text: `Import ${p.importJobId}`, path: `/import/${p.importJobId}` }), rerun: { by: "retry" } },
  "campaign.occurrence": { label: "Campaign send planning", subject: (p) => ({ text: `Campaign ${p.campaignId}`, path: `/campaigns/${p.campaignId}` }), rerun: { by: "retry" } },
  "campaign.preview": { label: "Launch preview count", subject: (p) => ({ text: `Campaign ${p.campaignId}`, path: `/campaigns/${p.campaignId}` }), rerun: { by: "retry" } },
  "campaign.outcomes": { label: "Campaign outcomes per arm", subject: (p) => ({ text: `Campaign ${p.campaignId}`, path: `/campaigns/${p.campaignId}` }), rerun: { by: "retry" } },
  "global-control.change": { label: "Global control group change", subject: () => ({ text: "Global control group", path: "/settings/experiments" }), rerun: { by: "elsewhere", how: "A failed change is not run again: change the percentage again under Settings → Experiments.", path: "/settings/experiments" } },
  "programme.refresh": { label: "Programme results refresh", subject: () => ({ text: "Programme", path: "/campaigns/programme" }), rerun: { by: "retry" } },
  "campaigns.triggers": { label: "Campaign triggers", subject: () => null, rerun: { by: "retry" } },
  "campaigns.tick": { label: "Campaign schedule and recovery", subject: () => null, rerun: { by: "retry" } },
  // A message's job is dropped when it gives up; the campaign's own recovery queues it again, so it never waits here.
  "message.send": { label: "Message send", subject: (p) => ({ text: `Message ${p.messageId}`, path: "/campaigns" }), rerun: { by: "retry" } },
};

/** What each queue carries, for the counts table and the empty state. */
export const QUEUE_PURPOSES: Record<QueueName, string> = {
  analytics: "RFM and CLV recomputes: nightly, after each import, and on “Recompute now”; the cohort aggregates after each of them; the recommendations model after imports and nightly; value clusters after each CLV run and on “Re-run clusters”.",
  segments: "Dynamic segment refreshes, on their schedule and on “Refresh now”.",
  imports: "CSV imports, one job per confirmed upload.",
  campaigns: "Campaign launches and schedules: planning each send's messages, triggers, recovery of lost messages.",
  messages: "Campaign message sends.",
};

export interface DescribedJob {
  label: string;
  subject: JobSubject | null;
  rerun: Rerun;
}

/**
 * A stored job's name and payload in words. A name this version does not
 * know (a job left by another version) keeps its raw name and cannot be
 * retried from here; a payload that no longer parses has no subject.
 */
export function describeJob(name: string, data: unknown): DescribedJob {
  if (!isJobName(name)) return { label: name, subject: null, rerun: { by: "elsewhere", how: "This version does not know this job, so it cannot be retried here.", path: null } };
  const kind = JOB_KINDS[name] as JobKind<JobName>;
  const payload = JOBS[name].schema.safeParse(data);
  return { label: kind.label, subject: payload.success ? kind.subject(payload.data as never) : null, rerun: kind.rerun };
}

/** The workspace a stored payload belongs to, or null (global jobs, or a payload without one). */
export function workspaceIdOf(data: unknown): number | null {
  if (data === null || typeof data !== "object") return null;
  const id = (data as { workspaceId?: unknown }).workspaceId;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : null;
}
