import { Redis } from "ioredis";

/**
 * Removes every Redis key under a test run's queue prefix (jobs, job
 * schedulers, events, locks), so finished runs leave nothing behind. The
 * prefix is the run's own, so nothing another run or an install uses is
 * touched.
 */
export async function dropQueuePrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/^vl_(test|e2e)_[a-z0-9_]+$/.test(prefix)) throw new Error(`refusing to delete keys of prefix "${prefix}": not a test run's`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let removed = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removed;
}
