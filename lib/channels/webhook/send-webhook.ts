import { createHmac } from "node:crypto";
import { assertIdempotencyKey, type MessageEnvelope, type SendResult } from "../channel.ts";
import type { WebhookSettings } from "../settings.ts";
import { parseRetryAfter } from "./retry-after.ts";

export interface WebhookMessage extends MessageEnvelope {
  /** What happened, e.g. "campaign.message". */
  event: string;
  /** The message's content for the receiving system (ids and rendered fields, JSON). */
  data: Record<string, unknown>;
}

export const SIGNATURE_HEADER = "X-ValueLoop-Signature";

/** The receiver answered, but not with 2xx. */
export class WebhookResponseError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Webhook receiver answered HTTP ${status}.`);
    this.name = "WebhookResponseError";
  }
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the timestamp is signed too, so a receiver can refuse replays of old requests. */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export async function sendWebhook(message: WebhookMessage, settings: WebhookSettings, now: () => Date = () => new Date()): Promise<SendResult> {
  assertIdempotencyKey(message.idempotencyKey);
  const body = JSON.stringify({ id: message.idempotencyKey, event: message.event, recipient: { externalId: message.to }, data: message.data });
  const timestamp = Math.floor(now().getTime() / 1000);
  const response = await fetch(settings.config.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "ValueLoop-Webhook/1",
      "Idempotency-Key": message.idempotencyKey,
      [SIGNATURE_HEADER]: webhookSignature(settings.signingSecret.reveal(), body, timestamp),
    },
    body,
    // A redirect would carry the signed body somewhere the admin never entered.
    redirect: "manual",
    signal: AbortSignal.timeout(settings.config.timeoutMs),
  });
  // Read (and drop) the body so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) {
    throw new WebhookResponseError(response.status, parseRetryAfter(response.headers.get("retry-after"), now()));
  }
  return { providerMessageId: response.headers.get("x-request-id") };
}
