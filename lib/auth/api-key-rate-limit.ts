import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "../env.ts";
import type { ApiKeyScope } from "./api-key-scopes.ts";

/**
 * Per-key request limit over a sliding minute, shared by every web process
 * through Redis. Each counted request is a member of a sorted set scored by
 * its time; one Lua script trims what left the window, counts, and adds the
 * request only when there is room, so concurrent requests (on any number of
 * processes) can never let more than the limit through. Refused requests are
 * not recorded: a client that keeps knocking is let in again as soon as its
 * oldest counted request is a minute old.
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;

const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  -- One clock for all web processes: the Redis server's.
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
return {allowed, count, reset}
`;
const TAKE_SCRIPT_SHA = createHash("sha1").update(TAKE_SCRIPT).digest("hex");

export type RateLimitDecision =
  /** Redis answered: the request was counted (or refused) against the key's limit. */
  | { counted: true; allowed: boolean; limit: number; remaining: number; resetSeconds: number }
  /** Redis did not answer; `allowed` is the fallback for the scope (see takeApiKeyRequest). */
  | { counted: false; allowed: boolean };

const globalForLimiter = globalThis as unknown as { valueloopApiKeyLimiterRedis?: Redis };

/**
 * Its own connection with short timeouts: while Redis is unreachable a
 * request should learn that within a second, not wait the five seconds the
 * queue producers allow.
 */
function sharedRedis(): Redis {
  if (!globalForLimiter.valueloopApiKeyLimiterRedis) {
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1_000, connectTimeout: 2_000 });
    redis.on("error", (err: Error) => warnUnavailable(err));
    globalForLimiter.valueloopApiKeyLimiterRedis = redis;
  }
  return globalForLimiter.valueloopApiKeyLimiterRedis;
}

let lastWarningMs = 0;
/** At most one line a minute per process: an outage must be visible, not flood the log. */
function warnUnavailable(err: unknown): void {
  const nowMs = Date.now();
  if (nowMs - lastWarningMs < 60_000) return;
  lastWarningMs = nowMs;
  const message = err instanceof Error ? err.message : String(err);
  console.warn(`API key rate limit unavailable (${message}): read and write requests pass unlimited, send requests are refused with 503.`);
}

async function runTakeScript(redis: Redis, key: string, args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(TAKE_SCRIPT_SHA, 1, key, ...args);
  } catch (err) {
    // First use on this Redis (or after a restart): load the script with the call.
    if (err instanceof Error && err.message.startsWith("NOSCRIPT")) return redis.eval(TAKE_SCRIPT, 1, key, ...args);
    throw err;
  }
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
    const redis = options.redis ?? sharedRedis();
    const reply = await runTakeScript(redis, `${env.QUEUE_PREFIX}:apikey-rate:${key.apiKeyId}`, [
      limit,
      RATE_LIMIT_WINDOW_MS,
      options.nowMs === undefined ? "" : Math.floor(options.nowMs),
      randomUUID(),
    ]);
    const [allowed, count, resetMs] = (Array.isArray(reply) ? reply : []).map(Number);
    if (allowed === undefined || count === undefined || resetMs === undefined) throw new Error(`unexpected reply from the limiter script: ${JSON.stringify(reply)}`);
    return {
      counted: true,
      allowed: allowed === 1,
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
