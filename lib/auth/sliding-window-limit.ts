import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "../env.ts";

/**
 * A request limit over a sliding window, shared by every web process through
 * Redis. Each counted request is a member of a sorted set scored by its time;
 * one Lua script trims what left the window, counts, and adds the request
 * only when there is room, so concurrent requests (on any number of
 * processes) can never let more than the limit through. Refused requests are
 * not recorded: a client that keeps knocking is let in again as soon as its
 * oldest counted request has left the window. Used per API key and per
 * workspace for channel test messages.
 */
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

export interface SlidingWindowDecision {
  allowed: boolean;
  /** Requests counted in the window, this one included when allowed. */
  count: number;
  /** Until the oldest counted request leaves the window, in ms. */
  resetMs: number;
}

const globalForLimiter = globalThis as unknown as { valueloopRateLimiterRedis?: Redis };

let lastWarningMs = 0;
/** At most one line a minute per process: an outage must be visible, not flood the log. */
function warnConnection(err: Error): void {
  const nowMs = Date.now();
  if (nowMs - lastWarningMs < 60_000) return;
  lastWarningMs = nowMs;
  console.warn(`rate limiter cannot reach Redis: ${err.message}`);
}

/**
 * Its own connection with short timeouts: while Redis is unreachable a
 * request should learn that within a second, not wait the five seconds the
 * queue producers allow.
 */
function sharedRedis(): Redis {
  if (!globalForLimiter.valueloopRateLimiterRedis) {
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1_000, connectTimeout: 2_000 });
    redis.on("error", warnConnection);
    globalForLimiter.valueloopRateLimiterRedis = redis;
  }
  return globalForLimiter.valueloopRateLimiterRedis;
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
 * Counts one request under `key` (a full Redis key) against `limit` per
 * `windowMs`. Throws when Redis cannot answer: what to do then is the
 * caller's decision. `nowMs` replaces the Redis clock (tests step through a
 * window with it); `redis` replaces the shared connection.
 */
export async function takeSlidingWindowSlot(key: string, limit: number, windowMs: number, options: { redis?: Redis; nowMs?: number } = {}): Promise<SlidingWindowDecision> {
  const redis = options.redis ?? sharedRedis();
  const reply = await runTakeScript(redis, key, [limit, windowMs, options.nowMs === undefined ? "" : Math.floor(options.nowMs), randomUUID()]);
  const [allowed, count, resetMs] = (Array.isArray(reply) ? reply : []).map(Number);
  if (allowed === undefined || count === undefined || resetMs === undefined) throw new Error(`unexpected reply from the limiter script: ${JSON.stringify(reply)}`);
  return { allowed: allowed === 1, count, resetMs };
}
