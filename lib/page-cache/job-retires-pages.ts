import type { JobName } from "../queue/jobs.ts";

/**
 * Whether a job may change what pages show, and so retires cached pages
 * (docs/page-cache.md). Every job tied to a workspace does, for that
 * workspace. The recurring ticks are not tied to one and run every few
 * seconds; retiring every page each time would leave nothing cached, so they
 * retire pages only when they changed something. The schedule ticks only
 * queue per-workspace jobs, which retire their own workspace's pages.
 */
export function jobMayChangePages(name: JobName, result: unknown): boolean {
  switch (name) {
    case "analytics.schedule-tick":
    case "segments.schedule-tick":
      return false;
    case "campaigns.tick":
      return tickChangedSomething(result);
    default:
      return true;
  }
}

/** Whether a job of this name retires pages before it starts (ticks decide by their result only). */
export function jobRetiresPagesOnStart(name: JobName): boolean {
  return name !== "analytics.schedule-tick" && name !== "segments.schedule-tick" && name !== "campaigns.tick";
}

function tickChangedSomething(result: unknown): boolean {
  if (typeof result !== "object" || result === null) return true; // a failed or unknown tick: assume it did
  if ("skipped" in result) return false;
  return Object.values(result).some((v) => (typeof v === "number" ? v > 0 : v !== null));
}
