import { AppError, isAppError } from "../errors.ts";

/**
 * Longest a web request waits for Redis. While Redis is down (or accepts
 * connections and answers nothing), BullMQ keeps a command waiting for the
 * connection to come back, which would hold the request until the server's
 * own timeout; a caller must hear within seconds.
 */
export const REDIS_TIMEOUT_MS = 5_000;

async function withinRedisTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one request's work against the queues: its answer within
 * REDIS_TIMEOUT_MS, or UNAVAILABLE (503 on a route, a message on a page or a
 * form) with the cause logged under `what`. A domain error thrown by `work`
 * (a job not found, not in a state to act on) passes through unchanged. Work
 * abandoned at the timeout may still reach Redis once it answers again.
 */
export async function queueRequest<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await withinRedisTimeout(work());
  } catch (err) {
    if (isAppError(err)) throw err;
    console.error(`${what} failed:`, (err as Error).message);
    throw new AppError("UNAVAILABLE", "The job queue is unavailable right now (Redis did not answer). Try again shortly.");
  }
}
