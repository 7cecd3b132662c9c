import { JOBS } from "../lib/queue/jobs.ts";
import { getQueue } from "../lib/queue/queues.ts";

/**
 * Recurring work as BullMQ job schedulers (idempotent upserts, so every worker
 * process may call this at start). The ticks fan out to per-workspace jobs,
 * each of which decides from the workspace's own settings whether it is due.
 */
export async function ensureSchedules(): Promise<void> {
  await getQueue(JOBS["analytics.schedule-tick"].queue).upsertJobScheduler(
    "analytics-tick",
    { pattern: "*/15 * * * *", tz: "UTC" },
    { name: "analytics.schedule-tick", data: {} },
  );
  await getQueue(JOBS["segments.schedule-tick"].queue).upsertJobScheduler(
    "segments-tick",
    { pattern: "*/10 * * * *", tz: "UTC" },
    { name: "segments.schedule-tick", data: {} },
  );
  // Often: it starts scheduled sends and picks up triggers and lost messages.
  await getQueue(JOBS["campaigns.tick"].queue).upsertJobScheduler("campaigns-tick", { every: 5_000 }, { name: "campaigns.tick", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
}
