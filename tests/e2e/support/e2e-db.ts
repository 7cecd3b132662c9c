import pg from "pg";

/**
 * Straight to the e2e database, for what a spec plants or checks behind the
 * browser's back. A client per call rather than a pool: a spec makes a few
 * such calls, and nothing stays open to hold the run's database at teardown.
 */
export async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** One parameterised statement; its rows. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  return withClient(async (c) => (await c.query<T>(text, values)).rows);
}
