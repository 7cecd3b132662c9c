import pg from "pg";

/**
 * The security run's database (the server's own, from playwright.config.ts),
 * through one connection per test worker: specs read it after nearly every
 * request, and a connection per read would cost more than the read.
 */
let shared: Promise<pg.Client> | undefined;

function connect(): Promise<pg.Client> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  const client = new pg.Client({ connectionString: url });
  return client.connect().then(() => client);
}

export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  shared ??= connect();
  return fn(await shared);
}

/** Call from afterAll so the worker does not hold a connection past its specs. */
export async function closeDb(): Promise<void> {
  const pending = shared;
  shared = undefined;
  if (pending) await (await pending).end();
}

/** Whether a column exists: lets seeds follow schema changes that land while the suite is in use. */
export async function hasColumn(c: pg.Client, table: string, column: string): Promise<boolean> {
  const res = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`, [table, column]);
  return (res.rowCount ?? 0) > 0;
}
