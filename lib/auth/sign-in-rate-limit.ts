import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "../env.ts";
import { createRedisConnection } from "../queue/connection.ts";

/**
 * Fixed-window limit on failed sign-ins per email (and per client address), so
 * passwords cannot be guessed at speed. Keys hold a hash, never the email.
 */
const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES = 10;

const globalForLimiter = globalThis as unknown as { valueloopLimiterRedis?: Redis };

function redis(): Redis {
  globalForLimiter.valueloopLimiterRedis ??= createRedisConnection("producer");
  return globalForLimiter.valueloopLimiterRedis;
}

function keyFor(kind: "email" | "ip", value: string): string {
  return `${env.QUEUE_PREFIX}:signin-fail:${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex").slice(0, 32)}`;
}

/** True when this email or address has failed too often in the current window. */
export async function isSignInBlocked(email: string, ip: string | null): Promise<boolean> {
  try {
    const keys = [keyFor("email", email), ...(ip ? [keyFor("ip", ip)] : [])];
    const counts = await redis().mget(...keys);
    // An address gets more room than one email: offices share addresses.
    return Number(counts[0] ?? 0) >= MAX_FAILURES || Number(counts[1] ?? 0) >= MAX_FAILURES * 5;
  } catch (err) {
    // Redis being down must not lock every user out; the password check still applies.
    console.error("sign-in rate limit unavailable:", (err as Error).message);
    return false;
  }
}

export async function recordSignInFailure(email: string, ip: string | null): Promise<void> {
  try {
    const multi = redis().multi();
    for (const key of [keyFor("email", email), ...(ip ? [keyFor("ip", ip)] : [])]) {
      multi.incr(key);
      multi.expire(key, WINDOW_SECONDS, "NX");
    }
    await multi.exec();
  } catch (err) {
    console.error("could not record sign-in failure:", (err as Error).message);
  }
}
