import { describe, expect, it } from "vitest";
import { jobMayChangePages, jobRetiresPagesOnStart } from "./job-retires-pages.ts";

describe("jobMayChangePages", () => {
  it("retires pages after every workspace job, and after a tick only when it changed something", () => {
    expect(jobMayChangePages("rfm.recompute", undefined)).toBe(true);
    expect(jobRetiresPagesOnStart("rfm.recompute")).toBe(true);
    const idle = { activated: 0, started: 0, triggered: 0, requeued: 0, completed: 0, recounted: 0, outcomes: 0, reconciledWorkspace: null };
    expect(jobMayChangePages("campaigns.tick", idle)).toBe(false);
    expect(jobMayChangePages("campaigns.tick", { ...idle, recounted: 2 })).toBe(true);
    expect(jobMayChangePages("campaigns.tick", { ...idle, reconciledWorkspace: 4 })).toBe(true);
    expect(jobMayChangePages("campaigns.tick", { skipped: "another tick is running" })).toBe(false);
    expect(jobMayChangePages("campaigns.tick", undefined)).toBe(true);
    expect(jobRetiresPagesOnStart("campaigns.tick")).toBe(false);
    expect(jobMayChangePages("segments.schedule-tick", { queued: 3 })).toBe(false);
  });
});
