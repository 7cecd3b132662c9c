import type { Channel } from "../channel.ts";
import type { WebhookSettings } from "../settings.ts";
import { classifyWebhookError } from "./classify-webhook-error.ts";
import { sendWebhook, type WebhookMessage } from "./send-webhook.ts";

export const webhookChannel: Channel<WebhookMessage, WebhookSettings> = {
  kind: "webhook",
  // The receiver is the workspace's own system, addressed by the customer's id; it applies its own consent rules.
  consentField: null,
  address: (customer) => customer.externalId,
  send: (message, settings) => sendWebhook(message, settings),
  classify: classifyWebhookError,
};
