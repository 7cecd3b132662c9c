import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Delivery receipts come back signed the way ValueLoop signs its own
 * webhooks: `X-ValueLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, keyed with the channel's callback secret. The timestamp is
 * signed too, so a request captured on the way cannot be replayed after
 * RECEIPT_TOLERANCE_SECONDS; within that window a repeat changes nothing
 * (lib/campaigns/receipts/record-receipt.ts records each receipt once).
 * Several v1 values may be given (a sender rotating its secret signs with
 * both); one match is enough.
 */
export const RECEIPT_SIGNATURE_HEADER = "X-ValueLoop-Signature";
export const RECEIPT_TOLERANCE_SECONDS = 300;

export interface ReceiptSignature {
  timestamp: number;
  signatures: Buffer[];
}

export type ReceiptCheck = { ok: true } | { ok: false; reason: string };

/** Reads `t=…,v1=…[,v1=…]`; null when the header is missing or not of that form. */
export function parseReceiptSignature(header: string | null): ReceiptSignature | null {
  if (header === null || header.length > 1000) return null;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const [name, value] = part.trim().split("=", 2) as [string, string | undefined];
    if (name === "t" && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === "v1" && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * The checks that need no secret, so a request failing them costs no
 * database work: a signature header of the right form, and a timestamp
 * within the tolerance of now (either side: clocks drift).
 */
export function checkReceiptFreshness(header: string | null, now: Date): ReceiptCheck & { signature?: ReceiptSignature } {
  const signature = parseReceiptSignature(header);
  if (!signature) return { ok: false, reason: `Sign the request: ${RECEIPT_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.` };
  const ageSeconds = Math.abs(now.getTime() / 1000 - signature.timestamp);
  if (ageSeconds > RECEIPT_TOLERANCE_SECONDS) return { ok: false, reason: `The signature's timestamp is more than ${RECEIPT_TOLERANCE_SECONDS / 60} minutes from now; sign each request when it is sent.` };
  return { ok: true, signature };
}

/** The HMAC over the timestamp, a dot and the raw body, compared in constant time with each signature given. */
export function verifyReceipt(secret: string, header: string | null, body: string, now: Date = new Date()): ReceiptCheck {
  const fresh = checkReceiptFreshness(header, now);
  if (!fresh.ok || !fresh.signature) return fresh;
  const expected = createHmac("sha256", secret).update(`${fresh.signature.timestamp}.${body}`).digest();
  // Every candidate is compared (no early exit), so the time taken says nothing about which one was close.
  let match = false;
  for (const candidate of fresh.signature.signatures) match = timingSafeEqual(expected, candidate) || match;
  return match ? { ok: true } : { ok: false, reason: "The signature does not match." };
}
