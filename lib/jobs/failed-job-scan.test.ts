import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QUEUES, type QueueName } from "../queue/jobs.ts";
import { firstPage, formatScanCursor, parseScanCursor, scanFailedJobs, type ReadWindow, type ScanCursor, type ScanPage } from "./failed-job-scan.ts";

const QUEUE_NAMES = Object.values(QUEUES);

/** A failed set as Redis keeps it, newest first: each entry a workspace's job, or one that vanished (null). */
interface Entry {
  id: string;
  failedAt: number;
  workspaceId: number | null;
}

type FailedSets = Record<QueueName, Entry[]>;

function reader(sets: FailedSets, workspaceId: number, reads: { windows: number }): ReadWindow<Entry> {
  return async (queue, offset, count) => {
    reads.windows++;
    return sets[queue].slice(offset, offset + count).map((e) => ({
      failedAt: e.workspaceId === null ? null : e.failedAt,
      match: e.workspaceId === workspaceId ? e : null,
    }));
  };
}

/** Every page from the first, as a person clicking "older" until there is none. */
async function allPages(sets: FailedSets, options: { window: number; pageSize: number; maxWindows: number }) {
  const pages: Entry[][] = [];
  const reads = { windows: 0 };
  let cursor: ScanCursor | null = firstPage();
  const total = Object.values(sets).reduce((n, s) => n + s.length, 0);
  while (cursor) {
    reads.windows = 0;
    // Through the address and back, as the page does.
    const page: ScanPage<Entry> = await scanFailedJobs(reader(sets, 1, reads), parseScanCursor(formatScanCursor(cursor))!, options);
    expect(reads.windows).toBeLessThanOrEqual(Math.max(options.maxWindows, QUEUE_NAMES.length + 1));
    pages.push(page.found.map((f) => f.job));
    cursor = page.next;
    if (pages.length > total + 10) throw new Error("paging does not end");
  }
  return pages;
}

const failedSets = fc
  .tuple(
    ...QUEUE_NAMES.map(() =>
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 5 }), workspaceId: fc.constantFrom<number | null>(1, 1, 2, 2, 2, null) }), { maxLength: 60 }),
    ),
  )
  .map((lists) => {
    const sets = {} as FailedSets;
    lists.forEach((list, q) => {
      // Newest first, as ZREVRANGE gives them; equal times happen (one millisecond, several failures).
      let t = 1_000_000;
      sets[QUEUE_NAMES[q]!] = list.map((e, i) => ({ id: `${QUEUE_NAMES[q]}-${i}`, failedAt: (t -= e.gap), workspaceId: e.workspaceId }));
    });
    return sets;
  });

describe("scanFailedJobs", () => {
  it("pages through one workspace's failed jobs across queues: each exactly once, newest first, never another workspace's", async () => {
    await fc.assert(
      fc.asyncProperty(
        failedSets,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 8 }),
        async (sets, window, pageSize, maxWindows) => {
          const pages = await allPages(sets, { window, pageSize, maxWindows });
          const shown = pages.flat();
          const expected = Object.values(sets).flatMap((s) => s.filter((e) => e.workspaceId === 1));
          expect(shown.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
          for (let i = 1; i < shown.length; i++) expect(shown[i]!.failedAt).toBeLessThanOrEqual(shown[i - 1]!.failedAt);
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(pageSize);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("fills a page from a small queue even when a busy queue's failures belong to other workspaces", async () => {
    const busy = Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, failedAt: 2_000_000 - i, workspaceId: 2 }));
    const ours = Array.from({ length: 3 }, (_, i) => ({ id: `i${i}`, failedAt: 1_000_000 - i, workspaceId: 1 }));
    const sets: FailedSets = { analytics: [], segments: [], imports: ours, campaigns: [], messages: busy };
    const reads = { windows: 0 };
    const page: ScanPage<Entry> = await scanFailedJobs(reader(sets, 1, reads), firstPage(), { window: 200, pageSize: 50, maxWindows: 7 });
    // The busy queue is read back only so far per page: nothing of ours is shown yet, and the page says where to go on.
    expect(page.found).toEqual([]);
    expect(page.scanned).toBe(3 + 200 * 3);
    expect(page.next).toEqual({ imports: 0, messages: 600 });
    const pages = await allPages(sets, { window: 200, pageSize: 50, maxWindows: 7 });
    expect(pages.flat().map((e) => e.id)).toEqual(["i0", "i1", "i2"]);
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(5000 / (200 * 3)) + 1);
  });
});

describe("scan cursors", () => {
  it("survive the address and refuse anything this page did not write", () => {
    expect(parseScanCursor(formatScanCursor({ imports: 200, messages: 0 }))).toEqual({ imports: 200, messages: 0 });
    for (const bad of ["", "imports", "imports:-1", "imports:1,imports:2", "mail:3", "imports:1e3", "imports:99999999999", "imports:1,", " imports:1"]) {
      expect(parseScanCursor(bad), bad).toBeNull();
    }
  });
});
