import pg from "pg";

/** One short-lived connection to the security run's database (the server's own, from playwright.config.ts). */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether a column exists: lets seeds follow schema changes that land while the suite is in use. */
export async function hasColumn(c: pg.Client, table: string, column: string): Promise<boolean> {
  const res = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`, [table, column]);
  return (res.rowCount ?? 0) > 0;
}
