import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSignInBlocked, recordSignInFailure } from "../../lib/auth/sign-in-rate-limit.ts";

describe("sign-in rate limit", () => {
  it("blocks an email after 10 failures in the window, and only that email", async () => {
    const email = `victim-${randomUUID()}@example.test`;
    const other = `bystander-${randomUUID()}@example.test`;
    for (let i = 0; i < 9; i++) await recordSignInFailure(email, null);
    expect(await isSignInBlocked(email, null)).toBe(false);
    await recordSignInFailure(email.toUpperCase(), null); // emails are case-insensitive
    expect(await isSignInBlocked(email, null)).toBe(true);
    expect(await isSignInBlocked(other, null)).toBe(false);
  });

  it("blocks an address that sprays many emails", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < 50; i++) await recordSignInFailure(`spray-${i}-${randomUUID()}@example.test`, ip);
    expect(await isSignInBlocked(`fresh-${randomUUID()}@example.test`, ip)).toBe(true);
    expect(await isSignInBlocked(`fresh-${randomUUID()}@example.test`, "198.51.100.7")).toBe(false);
  });
});
