import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks a provider's signed report (delivery, bounce, complaint receipts)
 * for any channel. The scheme is the one our own webhooks use
 * (lib/channels/webhook/send-webhook.ts), so one description serves both
 * directions:
 *
 *   X-ValueLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">
 *
 * keyed with the workspace's callback secret for that channel. Several `v1`
 * values may be given (a provider signing with an old and a new secret while
 * it rotates); one match is enough. The timestamp is signed with the body, so
 * a captured report cannot be replayed once it is older than the tolerance.
 *
 * Checking is split so that a route can refuse cheaply: `parseCallbackSignature`
 * needs neither the secret nor the body (shape and age only), and only then
 * is the secret looked up and `signatureMatches` run over the raw body.
 * Every channel's reports (lib/campaigns/receipts/accept-receipt.ts) go
 * through here.
 */
export const CALLBACK_SIGNATURE_HEADER = "x-valueloop-signature";

/** Reports older (or further ahead, a skewed clock) than this are refused. */
export const CALLBACK_TOLERANCE_SECONDS = 300;

const MAX_HEADER_CHARS = 1_000;

export interface ParsedSignature {
  timestamp: number;
  /** The 32-byte MACs the sender offered. */
  macs: Buffer[];
}

export type SignatureRefusal = "missing" | "malformed" | "stale" | "mismatch";

/** What the sender is told, per refusal: enough to fix its signing, nothing about the secret or the workspace. */
export const SIGNATURE_REFUSALS: Record<SignatureRefusal, string> = {
  missing: `Sign the request: X-ValueLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.`,
  malformed: `Sign the request: X-ValueLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.`,
  stale: `The signature's timestamp is more than ${CALLBACK_TOLERANCE_SECONDS / 60} minutes from now; sign each request when it is sent.`,
  mismatch: "The signature does not match.",
};

export function parseCallbackSignature(header: string | null, now: Date): { ok: true; signature: ParsedSignature } | { ok: false; reason: Exclude<SignatureRefusal, "mismatch"> } {
  if (header === null || header.trim() === "") return { ok: false, reason: "missing" };
  if (header.length > MAX_HEADER_CHARS) return { ok: false, reason: "malformed" };
  let timestamp: number | null = null;
  const macs: Buffer[] = [];
  for (const part of header.split(",")) {
    const [key, value, extra] = part.trim().split("=");
    if (extra !== undefined || value === undefined) return { ok: false, reason: "malformed" };
    if (key === "t") {
      if (timestamp !== null || !/^[0-9]{1,12}$/.test(value)) return { ok: false, reason: "malformed" };
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: "malformed" };
      macs.push(Buffer.from(value, "hex"));
    }
    // Other keys (a future v2) are for other verifiers; ignored as the webhook convention does.
  }
  if (timestamp === null || macs.length === 0 || macs.length > 4) return { ok: false, reason: "malformed" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > CALLBACK_TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  return { ok: true, signature: { timestamp, macs } };
}

/** Whether one of the offered MACs is the HMAC of "t.body" under `secret`, compared in constant time. */
export function signatureMatches(signature: ParsedSignature, secret: string, body: string | Uint8Array): boolean {
  const expected = createHmac("sha256", secret).update(`${signature.timestamp}.`).update(body).digest();
  let match = false;
  // Every offered MAC is compared, so the time taken does not say which one matched.
  for (const mac of signature.macs) match = timingSafeEqual(mac, expected) || match;
  return match;
}

/** Both steps at once, for a caller that already holds the secret and the body. */
export function verifyCallback(header: string | null, body: string | Uint8Array, secret: string, now = new Date()): { ok: true; timestamp: number } | { ok: false; reason: SignatureRefusal } {
  const parsed = parseCallbackSignature(header, now);
  if (!parsed.ok) return parsed;
  return signatureMatches(parsed.signature, secret, body) ? { ok: true, timestamp: parsed.signature.timestamp } : { ok: false, reason: "mismatch" };
}
