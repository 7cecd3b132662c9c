import { QUEUES, type QueueName } from "../queue/jobs.ts";

/**
 * Finding one workspace's failed jobs without reading whole queues. The
 * queues are shared by every workspace and BullMQ cannot select by payload,
 * so each queue's failed set (newest first) is read in windows and filtered
 * here. A page reads at most `maxWindows` windows in all; the cursor says
 * where each queue's next window starts, so any queue is read page by page,
 * never at once.
 *
 * The pages come out newest first across queues: a job is shown only once
 * every queue still being read has been read back to its time (the cutoff),
 * so nothing left unread can be newer than what is shown. Each page reads the
 * queue that holds the cutoff back next.
 */
export const SCAN_WINDOW = 200;
export const FAILED_PAGE_SIZE = 50;
const QUEUE_ORDER: readonly QueueName[] = Object.values(QUEUES);
/** Each queue's first window, and eight more for the queue that holds the page back (2,600 entries with five queues). */
export const SCAN_MAX_WINDOWS = QUEUE_ORDER.length + 8;

/** One entry of a failed set: when it failed (null when the job vanished since) and the job if it is the workspace's. */
export interface WindowEntry<J> {
  failedAt: number | null;
  match: J | null;
}

/** Reads `count` entries of a queue's failed set from `offset`, newest first; fewer than `count` means its end. */
export type ReadWindow<J> = (queue: QueueName, offset: number, count: number) => Promise<WindowEntry<J>[]>;

/** Where each queue's next read starts; a queue left out has been read to its end. */
export type ScanCursor = Partial<Record<QueueName, number>>;

export interface FoundJob<J> {
  queue: QueueName;
  failedAt: number;
  job: J;
}

export interface ScanPage<J> {
  found: FoundJob<J>[];
  /** Where the next page starts, or null when every failed set has been read. */
  next: ScanCursor | null;
  /** Failed-set entries read for this page (every workspace's). */
  scanned: number;
}

export function firstPage(): ScanCursor {
  return Object.fromEntries(QUEUE_ORDER.map((q) => [q, 0]));
}

interface QueueScan {
  queue: QueueName;
  offset: number;
  /** When the last entry read failed: nothing unread in this queue is newer. */
  frontier: number;
  done: boolean;
}

interface Candidate<J> extends FoundJob<J> {
  index: number;
}

export async function scanFailedJobs<J>(
  read: ReadWindow<J>,
  from: ScanCursor,
  options: { window?: number; pageSize?: number; maxWindows?: number } = {},
): Promise<ScanPage<J>> {
  const window = options.window ?? SCAN_WINDOW;
  const pageSize = options.pageSize ?? FAILED_PAGE_SIZE;
  const scans: QueueScan[] = QUEUE_ORDER.filter((q) => from[q] !== undefined).map((queue) => ({
    queue,
    offset: from[queue]!,
    frontier: Number.POSITIVE_INFINITY,
    done: false,
  }));
  // Every queue still open gets its first window, or a queue never read would hold every page empty.
  const maxWindows = Math.max(options.maxWindows ?? SCAN_MAX_WINDOWS, scans.length + 1);
  const candidates: Candidate<J>[] = [];
  let scanned = 0;
  let windows = 0;

  const cutoff = () => Math.max(Number.NEGATIVE_INFINITY, ...scans.filter((s) => !s.done).map((s) => s.frontier));
  for (;;) {
    const open = scans.filter((s) => !s.done);
    const ready = candidates.filter((c) => c.failedAt >= cutoff()).length;
    if (open.length === 0 || ready >= pageSize || windows >= maxWindows) break;
    // The queue read least far back holds the cutoff; unread queues (frontier +∞) come first.
    const scan = open.reduce((a, b) => (b.frontier > a.frontier ? b : a));
    const entries = await read(scan.queue, scan.offset, window);
    windows++;
    scanned += entries.length;
    entries.forEach((entry, i) => {
      if (entry.failedAt === null) return;
      scan.frontier = entry.failedAt;
      if (entry.match !== null) candidates.push({ queue: scan.queue, index: scan.offset + i, failedAt: entry.failedAt, job: entry.match });
    });
    scan.offset += entries.length;
    if (entries.length < window) scan.done = true;
  }

  const limit = cutoff();
  const order = (a: Candidate<J>, b: Candidate<J>) =>
    b.failedAt - a.failedAt || QUEUE_ORDER.indexOf(a.queue) - QUEUE_ORDER.indexOf(b.queue) || a.index - b.index;
  const shown = candidates.filter((c) => c.failedAt >= limit).sort(order).slice(0, pageSize);
  const taken = new Set(shown);

  const next: ScanCursor = {};
  for (const scan of scans) {
    // A job read but not shown is read again by the next page, from its own position.
    const firstLeft = candidates.find((c) => c.queue === scan.queue && !taken.has(c));
    if (firstLeft) next[scan.queue] = firstLeft.index;
    else if (!scan.done) next[scan.queue] = scan.offset;
  }
  return {
    found: shown.map(({ queue, failedAt, job }) => ({ queue, failedAt, job })),
    next: Object.keys(next).length > 0 ? next : null,
    scanned,
  };
}

const MAX_OFFSET = 10_000_000;

/** The cursor as it travels in the page's address: `imports:200,messages:0`. */
export function formatScanCursor(cursor: ScanCursor): string {
  return QUEUE_ORDER.filter((q) => cursor[q] !== undefined)
    .map((q) => `${q}:${cursor[q]}`)
    .join(",");
}

/** A cursor from the address, or null when it is not one this page wrote (the list then starts from the newest). */
export function parseScanCursor(raw: string): ScanCursor | null {
  if (raw.length === 0 || raw.length > 200) return null;
  const cursor: ScanCursor = {};
  for (const part of raw.split(",")) {
    const match = /^([a-z]+):(\d{1,8})$/.exec(part);
    const queue = match?.[1] as QueueName | undefined;
    if (!match || !queue || !QUEUE_ORDER.includes(queue) || cursor[queue] !== undefined) return null;
    const offset = Number(match[2]);
    if (offset > MAX_OFFSET) return null;
    cursor[queue] = offset;
  }
  return cursor;
}
