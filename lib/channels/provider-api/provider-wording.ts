import type { PushProvider, SmsProvider } from "../channel-settings.schema.ts";
import type { TargetWording } from "../webhook/webhook-target.ts";

/** How refusals name each provider channel's URL and what is sent to it. */
export const PROVIDER_TARGETS = {
  sms: { url: "SMS provider URL", requests: "SMS provider requests" },
  push: { url: "push provider URL", requests: "push provider requests" },
} as const satisfies Record<"sms" | "push", TargetWording>;

/** What each provider form calls the credential an admin enters (forms and refusals say it the provider's way). */
export const PROVIDER_TOKEN_LABELS: Record<SmsProvider | PushProvider, string> = {
  twilio: "auth token",
  json: "API token",
  onesignal: "REST API key",
  fcm: "access token",
};
