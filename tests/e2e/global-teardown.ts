import pg from "pg";
import { dropQueuePrefix } from "../support/drop-queue-prefix.ts";

export default async function globalTeardown() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url || process.env.KEEP_TEST_DB) return;
  // The run's job schedulers and finished jobs would otherwise stay in Redis, and tick against a dropped database.
  if (process.env.E2E_RUN_ID) await dropQueuePrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", `vl_e2e_${process.env.E2E_RUN_ID}`);
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await admin.end();
}
