import pg from "pg";
import { env } from "../env.ts";

// numeric and bigint arrive as strings by default; int8 counts are converted
// where they are read, so values above 2^53 are never silently rounded.
const globalForPool = globalThis as unknown as { valueloopPool?: pg.Pool };

/** The process's one Postgres pool, shared by Prisma (through adapter-pg) and by raw SQL / COPY. */
export const pool: pg.Pool =
  globalForPool.valueloopPool ??
  new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_SIZE, application_name: "valueloop" });

if (env.NODE_ENV !== "production") globalForPool.valueloopPool = pool;

// An idle client that errors (server restart) must not crash the process.
pool.on("error", (err) => {
  console.error("postgres pool error:", err.message);
});
