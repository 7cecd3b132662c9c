import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveWebhookTarget, WEBHOOK_WORDING, type TargetWording, type WebhookNetworkPolicy, type WebhookTarget } from "./webhook-target.ts";

/**
 * One POST to a URL an admin typed (the webhook receiver, an SMS or push
 * provider's API), under the network policy: the host is looked up once,
 * every address checked, and the connection made to the checked address.
 */
export interface GuardedPostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** One deadline for the lookup, the connection and the whole answer. */
  timeoutMs: number;
  network: WebhookNetworkPolicy;
  wording?: TargetWording;
}

export interface GuardedPostAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The answer's body as text, cut at MAX_ANSWER_BYTES: enough for an id or an error, never a way to fill the worker's memory. */
  body: string;
}

export const MAX_ANSWER_BYTES = 64 * 1024;

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

/** One POST over a connection of its own to the checked address; resolves once the answer has been read (past the cap, read and dropped). */
function post(target: WebhookTarget, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<{ response: IncomingMessage; body: string }> {
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
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept >= MAX_ANSWER_BYTES) return;
          chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - kept));
          kept += Math.min(chunk.length, MAX_ANSWER_BYTES - kept);
        });
        response.on("error", reject);
        response.on("end", () => resolve({ response, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * Sends the request and returns the answer, whatever its status. Redirects
 * are not followed: one would carry the body (and any credentials) somewhere
 * the admin never entered. Throws WebhookTargetRefusedError for a URL the
 * policy refuses, the deadline's TimeoutError, or the network's error.
 */
export async function guardedPost(request: GuardedPostRequest): Promise<GuardedPostAnswer> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const target = await abortable(resolveWebhookTarget(request.url, request.network, request.wording ?? WEBHOOK_WORDING), signal);
    const { response, body } = await post(target, request.headers, request.body, signal);
    return { status: response.statusCode ?? 0, headers: response.headers, body };
  } catch (err) {
    // Node reports the abort as its own AbortError; the reason (a TimeoutError) says what happened.
    throw signal.aborted ? signal.reason : err;
  }
}
