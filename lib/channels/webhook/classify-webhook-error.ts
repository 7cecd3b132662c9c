import { UndeliverableMessageError, type SendFailure } from "../channel.ts";
import { WebhookResponseError } from "./send-webhook.ts";
import { WebhookTargetRefusedError } from "./webhook-target.ts";

/**
 * 429 and 5xx say "not now" (with Retry-After when the receiver knows how
 * long); other answers say the request itself is refused, and repeating it
 * will not change that. A URL the network policy refuses stays refused until
 * the admin changes it. A timeout or a network failure is retried.
 */
export function classifyWebhookError(error: unknown): SendFailure {
  if (error instanceof UndeliverableMessageError || error instanceof WebhookTargetRefusedError) return { outcome: "permanent", reason: error.message };
  if (error instanceof WebhookResponseError) {
    if (error.status === 429 || error.status >= 500) {
      const failure: SendFailure = { outcome: "retryable", reason: error.message };
      return error.retryAfterMs === undefined ? failure : { ...failure, retryAfterMs: error.retryAfterMs };
    }
    return { outcome: "permanent", reason: error.message };
  }
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { outcome: "retryable", reason: "Webhook receiver did not answer in time." };
  }
  return { outcome: "retryable", reason: error instanceof Error ? `Could not reach the webhook receiver: ${error.message.slice(0, 200)}` : "Sending failed." };
}
