import type { Channel } from "../channel.ts";
import { classifyProviderError } from "../provider-api/classify-provider-error.ts";
import type { PushSettings } from "../settings.ts";
import type { PushMessage } from "./push-message.ts";
import { sendPush } from "./send-push.ts";

export const pushChannel: Channel<PushMessage, PushSettings> = {
  kind: "push",
  consentField: "pushConsent",
  // No device tokens are stored: the provider knows the customer's devices by the external id (as OneSignal and Braze do).
  address: (customer) => customer.externalId,
  send: (message, settings) => sendPush(message, settings),
  classify: (error) => classifyProviderError(error, "The push provider"),
};
