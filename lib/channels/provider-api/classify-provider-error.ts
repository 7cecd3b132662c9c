import { UndeliverableMessageError, type SendFailure } from "../channel.ts";
import { WebhookTargetRefusedError } from "../webhook/webhook-target.ts";
import { ProviderRefusalError } from "./provider-refusal.ts";

/**
 * The same rule as for webhooks, for a provider's HTTP API: 429 and 5xx
 * say "not now" (with Retry-After when the provider knows how long), any
 * other refusal says the request itself is wrong and repeating it will not
 * help, and an address the provider calls invalid is a hard bounce. A
 * timeout or a network failure is retried; attempts are bounded, a lost
 * message is not.
 */
export function classifyProviderError(error: unknown, provider: string): SendFailure {
  if (error instanceof UndeliverableMessageError || error instanceof WebhookTargetRefusedError) return { outcome: "permanent", reason: error.message };
  if (error instanceof ProviderRefusalError) {
    if (error.status === 429 || error.status >= 500) {
      const failure: SendFailure = { outcome: "retryable", reason: error.message };
      return error.retryAfterMs === undefined ? failure : { ...failure, retryAfterMs: error.retryAfterMs };
    }
    return error.addressRejected ? { outcome: "permanent", reason: error.message, addressRejected: true } : { outcome: "permanent", reason: error.message };
  }
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { outcome: "retryable", reason: `${provider} did not answer in time.` };
  }
  return { outcome: "retryable", reason: error instanceof Error ? `Could not reach ${provider}: ${error.message.slice(0, 200)}` : "Sending failed." };
}
