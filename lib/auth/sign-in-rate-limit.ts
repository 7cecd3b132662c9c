import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "../env.ts";
import { createRedisConnection } from "../queue/connection.ts";

/**
 * Limits on failed sign-ins, kept in Redis so every web process sees the same
 * counts. Three counters per 15-minute window (docs/auth.md):
 *
 * - per client address, across accounts: a hard limit, against one address
 *   trying a password on many accounts (spraying);
 * - per (account, address) pair: a hard limit, against guessing one account's
 *   password from one address. It blocks only that pair, so an attacker
 *   cannot lock the real user out from the user's own address;
 * - per account, across addresses: never a block, only a growing delay
 *   (2 s, 4 s, ... up to 30 s) once the account has had more failures than
 *   the free allowance, against guessing from many addresses. Delayed
 *   attempts on one account are queued one after the other, so parallel
 *   requests cannot skip the wait; an address that signed in to the account
 *   successfully in the last 30 days is exempt, so the real user is not slowed
 *   by an attack from elsewhere.
 *
 * The client address comes from clientAddress() (our server's peer header,
 * trusted proxies only). Without one, only the per-account delay applies.
 * Keys hold hashes, never an email or an address.
 */
export interface SignInLimits {
  windowSeconds: number;
  addressMaxFailures: number;
  pairMaxFailures: number;
  /** Failures an account may have in the window before attempts are delayed. */
  accountFreeFailures: number;
  /** The first delay is twice this; each further failure doubles it. */
  accountBaseDelayMs: number;
  accountMaxDelayMs: number;
  knownAddressSeconds: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  windowSeconds: 15 * 60,
  // Offices and mobile carriers put many people behind one address.
  addressMaxFailures: 50,
  pairMaxFailures: 10,
  accountFreeFailures: 10,
  accountBaseDelayMs: 1_000,
  accountMaxDelayMs: 30_000,
  knownAddressSeconds: 30 * 24 * 60 * 60,
};

export type SignInGate =
  | { allowed: true; /** how long to wait before checking the password */ delayMs: number }
  | { allowed: false; reason: "address" | "pair" | "account-busy"; retryAfterSeconds: number };

const globalForLimiter = globalThis as unknown as { valueloopLimiterRedis?: Redis };

function redis(): Redis {
  globalForLimiter.valueloopLimiterRedis ??= createRedisConnection("producer");
  return globalForLimiter.valueloopLimiterRedis;
}

function hashed(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32);
}

function keysFor(email: string, address: string | null) {
  const account = hashed("account", email.trim().toLowerCase());
  const prefix = `${env.QUEUE_PREFIX}:signin`;
  const pair = address ? hashed("pair", account, address) : null;
  return {
    address: address ? `${prefix}:fail:address:${hashed("address", address)}` : null,
    pair: pair ? `${prefix}:fail:pair:${pair}` : null,
    known: pair ? `${prefix}:known:${pair}` : null,
    account: `${prefix}:fail:account:${account}`,
    accountSlot: `${prefix}:slot:account:${account}`,
  };
}

// Atomic so that concurrent attempts on one account each take their own slot.
// Returns {0, delayMs} when allowed, {1|2|3, retryAfterMs} when refused for
// the address, the pair, or because the account's queue is already full.
const GATE_SCRIPT = `
local addressMax, pairMax, free = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local baseMs, maxMs, windowMs = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if ARGV[1] == '1' then
  if tonumber(redis.call('GET', KEYS[1]) or '0') >= addressMax then return {1, redis.call('PTTL', KEYS[1])} end
  if tonumber(redis.call('GET', KEYS[2]) or '0') >= pairMax then return {2, redis.call('PTTL', KEYS[2])} end
  if redis.call('EXISTS', KEYS[3]) == 1 then return {0, 0} end
end
local failures = tonumber(redis.call('GET', KEYS[4]) or '0')
if failures <= free then return {0, 0} end
local delay = math.min(baseMs * 2 ^ (failures - free), maxMs)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[5]) or '0'))
local wait = start + delay - now
if wait > maxMs then return {3, start - now} end
redis.call('SET', KEYS[5], start + delay, 'PX', windowMs)
return {0, math.floor(wait)}
`;

const REASONS = { 1: "address", 2: "pair", 3: "account-busy" } as const;

/** Whether this attempt may proceed, and after how long. Call before checking the password. */
export async function checkSignIn(email: string, address: string | null, limits: SignInLimits = SIGN_IN_LIMITS): Promise<SignInGate> {
  const keys = keysFor(email, address);
  try {
    const unused = keys.account; // KEYS must be given even when the address is unknown; never read then
    const [code, ms] = (await redis().eval(
      GATE_SCRIPT,
      5,
      keys.address ?? unused,
      keys.pair ?? unused,
      keys.known ?? unused,
      keys.account,
      keys.accountSlot,
      address ? "1" : "0",
      limits.addressMaxFailures,
      limits.pairMaxFailures,
      limits.accountFreeFailures,
      limits.accountBaseDelayMs,
      limits.accountMaxDelayMs,
      limits.windowSeconds * 1000,
    )) as [number, number];
    if (code === 0) return { allowed: true, delayMs: ms };
    const reason = REASONS[code as 1 | 2 | 3];
    return { allowed: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  } catch (err) {
    // Redis being down must not lock every user out; the password check still applies.
    console.error("sign-in rate limit unavailable:", (err as Error).message);
    return { allowed: true, delayMs: 0 };
  }
}

export async function recordSignInFailure(email: string, address: string | null, limits: SignInLimits = SIGN_IN_LIMITS): Promise<void> {
  const keys = keysFor(email, address);
  try {
    const multi = redis().multi();
    for (const key of [keys.account, keys.address, keys.pair]) {
      if (!key) continue;
      multi.incr(key);
      multi.expire(key, limits.windowSeconds, "NX");
    }
    await multi.exec();
  } catch (err) {
    console.error("could not record sign-in failure:", (err as Error).message);
  }
}

/** The address becomes one the account is known to sign in from; its own failures are forgiven. */
export async function recordSignInSuccess(email: string, address: string | null, limits: SignInLimits = SIGN_IN_LIMITS): Promise<void> {
  const keys = keysFor(email, address);
  if (!keys.known || !keys.pair) return;
  try {
    await redis().multi().set(keys.known, "1", "EX", limits.knownAddressSeconds).del(keys.pair).exec();
  } catch (err) {
    console.error("could not record sign-in success:", (err as Error).message);
  }
}

/** What the sign-in form shows for a refused attempt. Reveals nothing about whether the account exists. */
export function signInRefusal(gate: Extract<SignInGate, { allowed: false }>): string {
  const wait = gate.retryAfterSeconds >= 90 ? `${Math.ceil(gate.retryAfterSeconds / 60)} minutes` : `${gate.retryAfterSeconds} seconds`;
  switch (gate.reason) {
    case "address":
      return `Too many failed sign-ins from your network. Try again in ${wait}.`;
    case "pair":
      return `Too many failed sign-ins for this account from your network. Try again in ${wait}.`;
    case "account-busy":
      return `Too many failed sign-ins for this account right now. Try again in ${wait}.`;
  }
}
