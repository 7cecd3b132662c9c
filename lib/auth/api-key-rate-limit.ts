import type { Redis } from "ioredis";
import { env } from "../env.ts";
import type { ApiKeyScope } from "./api-key-scopes.ts";
import { takeSlidingWindowSlot } from "./sliding-window-limit.ts";

/**
 * Per-key request limit over a sliding minute (lib/auth/sliding-window-limit.ts),
 * shared by every web process through Redis.
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export type RateLimitDecision =
  /** Redis answered: the request was counted (or refused) against the key's limit. */
  | { counted: true; allowed: boolean; limit: number; remaining: number; resetSeconds: number }
  /** Redis did not answer; `allowed` is the fallback for the scope (see takeApiKeyRequest). */
  | { counted: false; allowed: boolean };

let lastWarningMs = 0;
/** At most one line a minute per process: an outage must be visible, not flood the log. */
function warnUnavailable(err: unknown): void {
  const nowMs = Date.now();
  if (nowMs - lastWarningMs < 60_000) return;
  lastWarningMs = nowMs;
  const message = err instanceof Error ? err.message : String(err);
  console.warn(`API key rate limit unavailable (${message}): read and write requests pass unlimited, send requests are refused with 503.`);
}

/**
 * Counts one request of an API key against its per-minute limit.
 *
 * When Redis cannot be reached the decision is deliberate per scope: reads
 * and writes go through (logged), because refusing them would stop every
 * integration over an outage of a protection; sends are refused, because a
 * message to a customer cannot be taken back and must never run unlimited.
 *
 * `nowMs` replaces the Redis clock (tests step through a window with it);
 * `redis` replaces the shared connection.
 */
export async function takeApiKeyRequest(
  key: { apiKeyId: number; rateLimitPerMinute: number },
  scope: ApiKeyScope,
  options: { redis?: Redis; nowMs?: number } = {},
): Promise<RateLimitDecision> {
  const limit = key.rateLimitPerMinute;
  try {
    const { allowed, count, resetMs } = await takeSlidingWindowSlot(`${env.QUEUE_PREFIX}:apikey-rate:${key.apiKeyId}`, limit, RATE_LIMIT_WINDOW_MS, options);
    return {
      counted: true,
      allowed,
      limit,
      remaining: Math.max(0, limit - count),
      // Whole seconds, rounded up and at least 1: a client waiting this long always finds room.
      resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    };
  } catch (err) {
    warnUnavailable(err);
    return { counted: false, allowed: scope !== "send" };
  }
}
