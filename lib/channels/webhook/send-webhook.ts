import { createHmac } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { assertIdempotencyKey, type MessageEnvelope, type SendResult } from "../channel.ts";
import type { WebhookSettings } from "../settings.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { resolveWebhookTarget, webhookNetworkPolicy, type WebhookNetworkPolicy, type WebhookTarget } from "./webhook-target.ts";

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

/** Hands the socket the address that was checked, whatever it asks for: the host is never looked up a second time. */
function pinnedLookup(target: WebhookTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** One POST over a connection of its own to the checked address; resolves once the answer's body has been read (and dropped). */
function post(target: WebhookTarget, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  const transport = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        // No pooled connection: a socket opened for an earlier check's address is never reused for this one.
        agent: false,
        lookup: pinnedLookup(target),
        signal,
      },
      (response) => {
        response.on("error", reject);
        response.on("end", () => resolve(response));
        response.resume();
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export async function sendWebhook(message: WebhookMessage, settings: WebhookSettings, options: SendWebhookOptions = {}): Promise<SendResult> {
  const now = options.now ?? (() => new Date());
  assertIdempotencyKey(message.idempotencyKey);
  const body = JSON.stringify({ id: message.idempotencyKey, event: message.event, recipient: { externalId: message.to }, data: message.data });
  const timestamp = Math.floor(now().getTime() / 1000);
  // One deadline for the lookup, the connection and the answer.
  const signal = AbortSignal.timeout(settings.config.timeoutMs);
  let response: IncomingMessage;
  try {
    const target = await abortable(resolveWebhookTarget(settings.config.url, options.network ?? webhookNetworkPolicy()), signal);
    response = await post(
      target,
      {
        "Content-Type": "application/json",
        "User-Agent": "ValueLoop-Webhook/1",
        "Idempotency-Key": message.idempotencyKey,
        [SIGNATURE_HEADER]: webhookSignature(settings.signingSecret.reveal(), body, timestamp),
      },
      body,
      signal,
    );
  } catch (err) {
    // Node reports the abort as its own AbortError; the reason (a TimeoutError) says what happened.
    throw signal.aborted ? signal.reason : err;
  }
  // Redirects are not followed: one would carry the signed body somewhere the admin never entered.
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    const retryAfter = response.headers["retry-after"];
    throw new WebhookResponseError(status, parseRetryAfter(typeof retryAfter === "string" ? retryAfter : null, now()));
  }
  const requestId = response.headers["x-request-id"];
  return { providerMessageId: typeof requestId === "string" ? requestId : null, providerResponse: `HTTP ${status}` };
}
