import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials.ts";
import { PEER_HEADER } from "../../lib/auth/client-address.ts";
import { checkSignIn, recordSignInFailure, recordSignInSuccess, SIGN_IN_LIMITS, type SignInLimits } from "../../lib/auth/sign-in-rate-limit.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

// Each test uses its own addresses (from a per-test random block) and accounts, so files and tests never share counters.
function addressBlock(): (host: number) => string {
  const block = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
  return (host) => `${block}::${host.toString(16)}`;
}

function request(peer: string, forwardedFor?: string): Record<string, string> {
  return { [PEER_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
}

async function attempt(email: string, password: string, headers: Record<string, string>, limits?: SignInLimits) {
  try {
    return (await authorizeCredentials({ email, password }, headers, limits)) ? "signed in" : "wrong password";
  } catch (err) {
    return (err as Error).message;
  }
}

describe("sign-in limits", () => {
  it("stops one address spraying a password across 60 accounts after 50 failures, and only that address", async () => {
    const address = addressBlock();
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) outcomes.push(await attempt(`spray-${i}-${randomUUID()}@example.test`, "Summer2026!", request(address(1))));
    expect(outcomes.slice(0, 50).every((o) => o === "wrong password")).toBe(true);
    expect(outcomes.slice(50).every((o) => o.startsWith("Too many failed sign-ins from your network"))).toBe(true);

    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ANALYST");
    expect(await attempt(user.email, user.password, request(address(1)))).toContain("Too many failed sign-ins from your network");
    expect(await attempt(user.email, user.password, request(address(2)))).toBe("signed in");
  });

  it("gives a forged X-Forwarded-For no fresh budget: the limit follows the real peer", async () => {
    const address = addressBlock();
    const outcomes: string[] = [];
    for (let i = 0; i < 55; i++) {
      // Each attempt claims to come from a different address; no proxy is trusted, so the claim is ignored.
      const forged = `198.51.100.${i}`;
      outcomes.push(await attempt(`forged-${i}-${randomUUID()}@example.test`, "Summer2026!", request(address(7), forged)));
    }
    expect(outcomes.filter((o) => o === "wrong password")).toHaveLength(50);
    expect(outcomes.at(-1)).toContain("Too many failed sign-ins from your network");
  });

  it("blocks an account from an address after 10 failures there, without locking the real user out from theirs", async () => {
    const address = addressBlock();
    const ws = await createWorkspace();
    const victim = await createUser(ws.id, "MARKETER");
    const attacker = address(0xbad);
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await attempt(victim.email.toUpperCase(), `guess number ${i}`, request(attacker)));
    expect(outcomes.slice(0, 10).every((o) => o === "wrong password")).toBe(true);
    expect(outcomes.slice(10).every((o) => o.startsWith("Too many failed sign-ins for this account from your network"))).toBe(true);
    // Even the right password is refused from the attacker's address now.
    expect(await attempt(victim.email, victim.password, request(attacker))).toContain("Too many failed sign-ins");
    // The victim, from their own address, signs in at once.
    expect(await checkSignIn(victim.email, address(1))).toEqual({ allowed: true, delayMs: 0 });
    expect(await attempt(victim.email, victim.password, request(address(1)))).toBe("signed in");
  });

  it("slows an account attacked from many addresses with a growing delay, never a block, and exempts the user's known address", async () => {
    const address = addressBlock();
    const email = `many-${randomUUID()}@example.test`;
    // Short delays so the test waits milliseconds, not minutes: 2, 4, 8, ... times 5 ms, at most 100 ms.
    const limits: SignInLimits = { ...SIGN_IN_LIMITS, accountBaseDelayMs: 5, accountMaxDelayMs: 100 };
    await recordSignInSuccess(email, address(1), limits); // the real user signed in from here before

    for (let i = 0; i < 10; i++) await recordSignInFailure(email, address(100 + i), limits);
    expect(await checkSignIn(email, address(200), limits)).toEqual({ allowed: true, delayMs: 0 });

    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await recordSignInFailure(email, address(300 + i), limits);
      const gate = await checkSignIn(email, address(400 + i), limits);
      if (!gate.allowed) throw new Error(`attempt ${i} refused: ${gate.reason}`);
      delays.push(gate.delayMs);
      await sleep(gate.delayMs); // as a real attempt would, so the next one finds the account's queue empty
    }
    expect(delays).toEqual([10, 20, 40, 80, 100, 100, 100]);
    // The real user's own address is not slowed by the attack.
    expect(await checkSignIn(email, address(1), limits)).toEqual({ allowed: true, delayMs: 0 });
  });

  it("queues attempts made in parallel on a slowed account, so concurrency cannot skip the wait", async () => {
    const address = addressBlock();
    const email = `parallel-${randomUUID()}@example.test`;
    for (let i = 0; i < 12; i++) await recordSignInFailure(email, address(i));
    // 12 failures: each attempt waits 4 s, one after the other; nobody queues for more than 30 s.
    const gates = await Promise.all(Array.from({ length: 10 }, (_, i) => checkSignIn(email, address(100 + i))));
    const waits = gates.flatMap((g) => (g.allowed ? [g.delayMs] : [])).sort((a, b) => a - b);
    expect(waits).toHaveLength(7);
    waits.forEach((wait, i) => expect(wait).toBeGreaterThan((i + 1) * 4_000 - 1_000));
    expect(waits.at(-1)).toBeLessThanOrEqual(30_000);
    expect(gates.filter((g) => !g.allowed).map((g) => !g.allowed && g.reason)).toEqual(["account-busy", "account-busy", "account-busy"]);
  });

  it("forgets an address's failures on the account once the user signs in from it", async () => {
    const address = addressBlock();
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ANALYST");
    for (let i = 0; i < 9; i++) expect(await attempt(user.email, `typo ${i}`, request(address(1)))).toBe("wrong password");
    expect(await attempt(user.email, user.password, request(address(1)))).toBe("signed in");
    for (let i = 0; i < 10; i++) expect(await attempt(user.email, `typo again ${i}`, request(address(1)))).toBe("wrong password");
  });

  it("lets sign-in through when Redis cannot be reached (fault injected: the limiter's connection points at a closed port)", async () => {
    const holder = globalThis as unknown as { valueloopLimiterRedis?: Redis };
    const working = holder.valueloopLimiterRedis;
    const broken = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    broken.on("error", () => {});
    holder.valueloopLimiterRedis = broken;
    try {
      const ws = await createWorkspace();
      const user = await createUser(ws.id, "ANALYST");
      expect(await attempt(user.email, "not the password", request("203.0.113.9"))).toBe("wrong password");
      expect(await attempt(user.email, user.password, request("203.0.113.9"))).toBe("signed in");
    } finally {
      holder.valueloopLimiterRedis = working;
      broken.disconnect();
    }
  });
});
