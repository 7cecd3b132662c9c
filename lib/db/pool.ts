import pg from "pg";
import { env } from "../env.ts";

// numeric and bigint arrive as strings by default; int8 counts are converted
// where they are read, so values above 2^53 are never silently rounded.
const globalForPool = globalThis as unknown as { valueloopPool?: pg.Pool };

/**
 * Connection limits by process. The web server answers people, so every
 * statement and every open transaction there is bounded, and a request that
 * cannot get a connection fails fast instead of queueing without end. Workers
 * and scripts run long set-based work (a 1M-customer run, a seed) and only
 * guard against transactions left open. Each limit can be set explicitly.
 */
const inWebServer = process.env.NEXT_RUNTIME === "nodejs";
export const POOL_LIMITS = {
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS ?? (inWebServer ? 30_000 : 0),
  idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? (inWebServer ? 30_000 : 600_000),
  acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS ?? (inWebServer ? 5_000 : 60_000),
} as const;

/** The process's one Postgres pool, shared by Prisma (through adapter-pg) and by raw SQL / COPY. */
export const pool: pg.Pool =
  globalForPool.valueloopPool ??
  new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DB_POOL_SIZE,
    // Tells the web server's sessions from the workers' in pg_stat_activity.
    application_name: inWebServer ? "valueloop-web" : "valueloop",
    // Waiting for a free connection (and connecting) gives up after this long.
    connectionTimeoutMillis: POOL_LIMITS.acquireTimeoutMs,
    // Sent at connection start-up, so they hold for every statement on the connection.
    statement_timeout: POOL_LIMITS.statementTimeoutMs,
    idle_in_transaction_session_timeout: POOL_LIMITS.idleInTransactionTimeoutMs,
  });

if (env.NODE_ENV !== "production") globalForPool.valueloopPool = pool;

// An idle client that errors (server restart) must not crash the process.
pool.on("error", (err) => {
  console.error("postgres pool error:", err.message);
});
