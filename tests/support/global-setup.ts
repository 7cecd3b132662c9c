import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase, migrate } from "../../lib/db/migrate.ts";
import { dropQueuePrefix } from "./drop-queue-prefix.ts";

/**
 * Each integration run gets a database and a queue prefix of its own, so runs
 * (a developer's and CI's, or two terminals) never see each other's data.
 */
const base = process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/vl_test_${runId}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, path.resolve(import.meta.dirname, "../../prisma/migrations"));

  project.provide("databaseUrl", databaseUrl);
  project.provide("queuePrefix", `vl_test_${runId}`);

  return async () => {
    if (process.env.KEEP_TEST_DB) return;
    await dropQueuePrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", `vl_test_${runId}`);
    url.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(`vl_test_${runId}`)} WITH (FORCE)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    queuePrefix: string;
  }
}
