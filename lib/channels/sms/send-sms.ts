import { UndeliverableMessageError, type SendResult } from "../channel.ts";
import { PROVIDER_TARGETS } from "../provider-api/provider-wording.ts";
import { sendThroughProvider } from "../provider-api/send-through-provider.ts";
import type { SmsSettings } from "../settings.ts";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "../webhook/webhook-target.ts";
import { jsonSmsForm } from "./json-form.ts";
import { smsAddress } from "./phone-address.ts";
import { SMS_MAX_CHARS, type SmsMessage } from "./sms-message.ts";
import { twilioForm } from "./twilio-form.ts";

export const SMS_FORMS = { twilio: twilioForm, json: jsonSmsForm } as const;

export interface SendSmsOptions {
  /** Where the provider may be (default: WEBHOOK_ALLOW_PRIVATE_NETWORKS and the system resolver). */
  network?: WebhookNetworkPolicy;
  now?: () => Date;
}

/** Sends one SMS through the workspace's provider; resolves with the provider's id for it. */
export async function sendSms(message: SmsMessage, settings: SmsSettings, options: SendSmsOptions = {}): Promise<SendResult> {
  // One number only, in the form address() gives: text with a comma or a second number never reaches the provider.
  if (smsAddress(message.to) !== message.to) throw new UndeliverableMessageError("The recipient is not a phone number in E.164 form (+ and 6–15 digits).");
  if (message.text.trim() === "") throw new UndeliverableMessageError("The SMS is empty.");
  const length = [...message.text].length;
  if (length > SMS_MAX_CHARS) throw new UndeliverableMessageError(`The SMS is ${length} characters; providers take at most ${SMS_MAX_CHARS}.`);
  return sendThroughProvider(SMS_FORMS[settings.config.provider], message, settings, {
    timeoutMs: settings.config.timeoutMs,
    network: options.network ?? webhookNetworkPolicy(),
    wording: PROVIDER_TARGETS.sms,
    now: options.now,
  });
}
