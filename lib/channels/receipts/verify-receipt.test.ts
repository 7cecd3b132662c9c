import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseReceiptSignature, verifyReceipt } from "./verify-receipt.ts";

const secret = "rcsec_unit-test-0123456789abcdefghijklmnop";
const now = new Date("2026-12-04T12:00:00Z");
const t = Math.floor(now.getTime() / 1000);
const body = '{"type":"delivered","messageId":"SM123"}';

/** Signed the way a provider's relay would, written independently of the product's code. */
function sign(timestamp: number, text: string, key = secret): string {
  return `t=${timestamp},v1=${createHmac("sha256", key).update(`${timestamp}.${text}`).digest("hex")}`;
}

describe("delivery receipt signatures", () => {
  it("accepts the HMAC of timestamp.body made with the callback secret", () => {
    expect(verifyReceipt(secret, sign(t, body), body, now)).toEqual({ ok: true });
    // Clocks drift either way: a timestamp a little ahead is fine too.
    expect(verifyReceipt(secret, sign(t + 120, body), body, now)).toEqual({ ok: true });
  });

  it("refuses another body, another secret, another timestamp and a missing or malformed header", () => {
    expect(verifyReceipt(secret, sign(t, body), body.replace("delivered", "bounced"), now)).toMatchObject({ ok: false, reason: "The signature does not match." });
    expect(verifyReceipt(secret, sign(t, body, "rcsec_someone-else-0123456789abcdefghijkl"), body, now)).toMatchObject({ ok: false });
    const moved = sign(t, body).replace(`t=${t}`, `t=${t - 1}`);
    expect(verifyReceipt(secret, moved, body, now)).toMatchObject({ ok: false, reason: "The signature does not match." });
    for (const header of [null, "", "v1=abc", `t=${t}`, `t=${t},v1=zz`, `t=-5,v1=${"0".repeat(64)}`]) {
      expect(verifyReceipt(secret, header, body, now), String(header)).toMatchObject({ ok: false, reason: expect.stringContaining("Sign the request") });
    }
  });

  it("refuses a request signed more than five minutes ago (a replay), and one dated far ahead", () => {
    expect(verifyReceipt(secret, sign(t - 301, body), body, now)).toMatchObject({ ok: false, reason: expect.stringContaining("more than 5 minutes") });
    expect(verifyReceipt(secret, sign(t + 301, body), body, now)).toMatchObject({ ok: false, reason: expect.stringContaining("more than 5 minutes") });
    expect(verifyReceipt(secret, sign(t - 299, body), body, now)).toEqual({ ok: true });
  });

  it("takes several v1 values (a sender rotating its secret) and needs one to match", () => {
    const other = sign(t, body, "rcsec_old-secret-0123456789abcdefghijklmnop").split(",")[1];
    expect(verifyReceipt(secret, `${sign(t, body)},${other}`, body, now)).toEqual({ ok: true });
    expect(verifyReceipt(secret, `t=${t},${other}`, body, now)).toMatchObject({ ok: false });
    expect(parseReceiptSignature(`t=${t}, v1=${"ab".repeat(32)} , v1=${"cd".repeat(32)}`)?.signatures).toHaveLength(2);
  });
});
