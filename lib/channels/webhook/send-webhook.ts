import { createHmac } from "node:crypto";
import { assertIdempotencyKey, type MessageEnvelope, type SendResult } from "../channel.ts";
import type { WebhookSettings } from "../settings.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { guardedPost } from "./guarded-post.ts";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "./webhook-target.ts";

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

export interface SendWebhookOptions {
  now?: () => Date;
  /** Where the receiver may be (default: WEBHOOK_ALLOW_PRIVATE_NETWORKS and the system resolver). */
  network?: WebhookNetworkPolicy;
}

export async function sendWebhook(message: WebhookMessage, settings: WebhookSettings, options: SendWebhookOptions = {}): Promise<SendResult> {
  const now = options.now ?? (() => new Date());
  assertIdempotencyKey(message.idempotencyKey);
  const body = JSON.stringify({ id: message.idempotencyKey, event: message.event, recipient: { externalId: message.to }, data: message.data });
  const timestamp = Math.floor(now().getTime() / 1000);
  const answer = await guardedPost({
    url: settings.config.url,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "ValueLoop-Webhook/1",
      "Idempotency-Key": message.idempotencyKey,
      [SIGNATURE_HEADER]: webhookSignature(settings.signingSecret.reveal(), body, timestamp),
    },
    body,
    timeoutMs: settings.config.timeoutMs,
    network: options.network ?? webhookNetworkPolicy(),
  });
  const status = answer.status;
  if (status < 200 || status >= 300) {
    const retryAfter = answer.headers["retry-after"];
    throw new WebhookResponseError(status, parseRetryAfter(typeof retryAfter === "string" ? retryAfter : null, now()));
  }
  const requestId = answer.headers["x-request-id"];
  return { providerMessageId: typeof requestId === "string" ? requestId : null, providerResponse: `HTTP ${status}` };
}
