import { Redis } from "ioredis";
import pg from "pg";

/**
 * Straight to the e2e database, for what a spec plants or checks behind the
 * browser's back. A client per call rather than a pool: a spec makes a few
 * such calls, and nothing stays open to hold the run's database at teardown.
 *
 * What a spec plants stands in for what a worker would have written, and a
 * worker's job retires the cached pages (docs/page-cache.md): so does each
 * call here, or the server could answer a page rendered before it.
 */
export async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
    await retireCachedPages();
  }
}

/** One parameterised statement; its rows. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  return withClient(async (c) => (await c.query<T>(text, values)).rows);
}

/** Bumps the page cache's global counter under the run's queue prefix (lib/page-cache/epochs.ts). */
async function retireCachedPages(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  try {
    await redis.incr(`vl_e2e_${process.env.E2E_RUN_ID}:page-epoch`);
  } finally {
    redis.disconnect();
  }
}
