/**
 * Errors that mean "the database is busy or the work took too long", not
 * "the request is wrong" nor "the code is broken": waiting for a pooled
 * connection timed out, or Postgres stopped a statement (57014) or an idle
 * transaction (25P03) at its timeout. They answer 503 with Retry-After, so a
 * client backs off instead of treating the service as broken.
 */
const BUSY_SQLSTATES = new Set(["57014", "25P03"]);
const POOL_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;

export function isDatabaseBusy(err: unknown): boolean {
  let at: unknown = err;
  // Prisma's adapter wraps the driver's error a level or two deep.
  for (let hops = 0; hops < 4 && typeof at === "object" && at !== null; hops++) {
    const e = at as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === "string" && BUSY_SQLSTATES.has(e.code)) return true;
    if (typeof e.originalCode === "string" && BUSY_SQLSTATES.has(e.originalCode)) return true;
    if (typeof e.message === "string" && POOL_TIMEOUT.test(e.message)) return true;
    at = e.cause;
  }
  return false;
}
