import { assertIdempotencyKey, type MessageEnvelope, type SendResult } from "../channel.ts";
import { guardedPost } from "../webhook/guarded-post.ts";
import { parseRetryAfter } from "../webhook/retry-after.ts";
import type { TargetWording, WebhookNetworkPolicy } from "../webhook/webhook-target.ts";
import type { ProviderAnswer, ProviderForm } from "./provider-form.ts";
import { ProviderRefusalError } from "./provider-refusal.ts";

export interface ProviderSendOptions {
  timeoutMs: number;
  network: WebhookNetworkPolicy;
  wording: TargetWording;
  now?: () => Date;
}

function withJson(answer: Awaited<ReturnType<typeof guardedPost>>): ProviderAnswer {
  let json: unknown = null;
  try {
    json = answer.body.trim() === "" ? null : JSON.parse(answer.body);
  } catch {
    // Not JSON (an HTML error page from a proxy): the status says enough.
  }
  return { ...answer, json };
}

/**
 * Sends one message through a provider's HTTP API in the given form, under
 * the network policy that guards webhooks (https, public addresses, the
 * connection pinned to the checked address), and resolves with the
 * provider's id for it; a refusal throws ProviderRefusalError.
 */
export async function sendThroughProvider<Message extends MessageEnvelope, Settings>(
  form: ProviderForm<Message, Settings>,
  message: Message,
  settings: Settings,
  options: ProviderSendOptions,
): Promise<SendResult> {
  const now = options.now ?? (() => new Date());
  assertIdempotencyKey(message.idempotencyKey);
  const request = form.request(message, settings);
  const answer = withJson(
    await guardedPost({
      url: request.url,
      // Every form carries the key as a header too; providers that honour it drop a repeat after a crash.
      headers: { "User-Agent": "ValueLoop/1", "Idempotency-Key": message.idempotencyKey, ...request.headers },
      body: request.body,
      timeoutMs: options.timeoutMs,
      network: options.network,
      wording: options.wording,
    }),
  );
  if (answer.status < 200 || answer.status >= 300) {
    const retryAfter = answer.headers["retry-after"];
    const { detail, addressRejected } = form.refusal(answer);
    throw new ProviderRefusalError(form.name, answer.status, { detail, addressRejected, retryAfterMs: parseRetryAfter(typeof retryAfter === "string" ? retryAfter : null, now()) });
  }
  const providerMessageId = form.accepted(answer);
  return { providerMessageId, providerResponse: `HTTP ${answer.status}${providerMessageId ? ` (${providerMessageId})` : ""}` };
}
