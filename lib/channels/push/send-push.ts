import { UndeliverableMessageError, type SendResult } from "../channel.ts";
import { PROVIDER_TARGETS } from "../provider-api/provider-wording.ts";
import { sendThroughProvider } from "../provider-api/send-through-provider.ts";
import type { PushSettings } from "../settings.ts";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "../webhook/webhook-target.ts";
import { fcmForm } from "./fcm-form.ts";
import { oneSignalForm } from "./onesignal-form.ts";
import { pushContentFromPayload, type PushMessage } from "./push-message.ts";

export const PUSH_FORMS = { fcm: fcmForm, onesignal: oneSignalForm } as const;

export interface SendPushOptions {
  /** Where the provider may be (default: WEBHOOK_ALLOW_PRIVATE_NETWORKS and the system resolver). */
  network?: WebhookNetworkPolicy;
  now?: () => Date;
}

/** Sends one push notification through the workspace's provider; resolves with the provider's id for it. */
export async function sendPush(message: PushMessage, settings: PushSettings, options: SendPushOptions = {}): Promise<SendResult> {
  if (message.to.trim() === "" || message.to.length > 500) throw new UndeliverableMessageError("The recipient's external id is empty or too long for a push provider.");
  // The same rules the campaign's rendering applied, for callers that build a message themselves.
  const checked = pushContentFromPayload({ title: message.title, body: message.body, data: message.data });
  if (!checked.ok) throw new UndeliverableMessageError(checked.error);
  return sendThroughProvider(PUSH_FORMS[settings.config.provider], message, settings, {
    timeoutMs: settings.config.timeoutMs,
    network: options.network ?? webhookNetworkPolicy(),
    wording: PROVIDER_TARGETS.push,
    now: options.now,
  });
}
