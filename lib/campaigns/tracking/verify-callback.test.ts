import { describe, expect, it } from "vitest";
import { webhookSignature } from "../../channels/webhook/send-webhook.ts";
import { parseCallbackSignature, verifyCallback } from "./verify-callback.ts";

const SECRET = "whsec_callback-secret-callback-secret-0123";
const BODY = JSON.stringify({ type: "delivered", messageId: "abc" });
const NOW = new Date("2026-03-02T10:00:00Z");
const T = NOW.getTime() / 1000;
const bytes = (s: string) => Buffer.from(s, "utf8");

describe("verifyCallback", () => {
  it("accepts a report signed the way our own webhooks are signed", () => {
    expect(verifyCallback(webhookSignature(SECRET, BODY, T), bytes(BODY), SECRET, NOW)).toEqual({ ok: true, timestamp: T });
  });

  it("refuses a changed body, another secret, or a changed timestamp", () => {
    const header = webhookSignature(SECRET, BODY, T);
    expect(verifyCallback(header, bytes(BODY.replace("delivered", "bounced")), SECRET, NOW)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyCallback(header, bytes(BODY), `${SECRET}x`, NOW)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyCallback(header.replace(`t=${T}`, `t=${T - 1}`), bytes(BODY), SECRET, NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a report older than five minutes (a replay) or as far ahead, whatever its signature", () => {
    const old = T - 301;
    expect(verifyCallback(webhookSignature(SECRET, BODY, old), bytes(BODY), SECRET, NOW)).toEqual({ ok: false, reason: "stale" });
    expect(verifyCallback(webhookSignature(SECRET, BODY, T - 299), bytes(BODY), SECRET, NOW).ok).toBe(true);
    expect(verifyCallback(webhookSignature(SECRET, BODY, T + 301), bytes(BODY), SECRET, NOW)).toEqual({ ok: false, reason: "stale" });
  });

  it("accepts any one of several v1 values (a provider rotating its secret)", () => {
    const good = webhookSignature(SECRET, BODY, T).split(",v1=")[1]!;
    expect(verifyCallback(`t=${T},v1=${"0".repeat(64)},v1=${good}`, bytes(BODY), SECRET, NOW).ok).toBe(true);
  });

  it("takes a little clock drift either way, spaces between the parts and upper-case hex", () => {
    const header = webhookSignature(SECRET, BODY, T + 120);
    expect(verifyCallback(header, bytes(BODY), SECRET, NOW).ok).toBe(true);
    const [t, v1] = webhookSignature(SECRET, BODY, T).split(",");
    expect(verifyCallback(`${t}, ${v1!.toUpperCase().replace("V1=", "v1=")} `, BODY, SECRET, NOW).ok).toBe(true);
  });

  it("tells a missing header from a malformed one, without needing the secret", () => {
    expect(parseCallbackSignature(null, NOW)).toEqual({ ok: false, reason: "missing" });
    for (const header of ["t=1", `v1=${"a".repeat(64)}`, `t=abc,v1=${"a".repeat(64)}`, `t=${T},v1=zz`, `t=${T},t=${T},v1=${"a".repeat(64)}`, `t=${T},v1=${"a".repeat(64)}=`, `t=-5,v1=${"a".repeat(64)}`, "x".repeat(2000)]) {
      expect(parseCallbackSignature(header, NOW), header.slice(0, 40)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
