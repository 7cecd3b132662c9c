import type { Redis } from "ioredis";
import { env } from "../env.ts";

/**
 * The page cache's notion of "the data changed": two counters in Redis, one
 * for everything and one per workspace. A cached page is stored under the
 * counters read when its request arrived and served only while both still
 * hold those values, so bumping a counter retires every page rendered before
 * it in every web process at once, with nothing to delete.
 *
 * Who bumps (docs/page-cache.md): the web server around every request that is
 * not a GET or HEAD (server actions, API writes, sign-in and sign-out), and
 * the workers around every job and on each progress report. Those are the
 * only ways the product changes its data; a write made behind the product's
 * back (psql) shows within the cache's time to live.
 */
export interface Epochs {
  global: string;
  workspace: string;
}

function globalKey(): string {
  return `${env.QUEUE_PREFIX}:page-epoch`;
}

function workspaceKey(workspaceId: number): string {
  return `${env.QUEUE_PREFIX}:page-epoch:w:${workspaceId}`;
}

/** Both counters as they are now ("0" for one never bumped). */
export async function readEpochs(redis: Redis, workspaceId: number): Promise<Epochs> {
  const [global, workspace] = await redis.mget(globalKey(), workspaceKey(workspaceId));
  return { global: global ?? "0", workspace: workspace ?? "0" };
}

/**
 * Retires the cached pages of one workspace, or of every workspace when the
 * change is not tied to one (an API key's write, a sign-out).
 */
export async function bumpEpoch(redis: Redis, workspaceId: number | null): Promise<void> {
  await redis.incr(workspaceId === null ? globalKey() : workspaceKey(workspaceId));
}
