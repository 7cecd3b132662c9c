import type { Channel } from "../channel.ts";
import { classifyProviderError } from "../provider-api/classify-provider-error.ts";
import type { SmsSettings } from "../settings.ts";
import { smsAddress } from "./phone-address.ts";
import { sendSms } from "./send-sms.ts";
import type { SmsMessage } from "./sms-message.ts";

export const smsChannel: Channel<SmsMessage, SmsSettings> = {
  kind: "sms",
  consentField: "smsConsent",
  address: (customer) => (customer.phone === null ? null : smsAddress(customer.phone)),
  send: (message, settings) => sendSms(message, settings),
  classify: (error) => classifyProviderError(error, "The SMS provider"),
};
