import type { AvailableChannel } from "./registry.ts";

/** How pages and messages name each channel; a channel added to the registry must be named here too. */
export const CHANNEL_LABELS: Record<AvailableChannel, { name: string; description: string }> = {
  email: { name: "Email", description: "Campaign email goes out through your SMTP server, from the sender you set here." },
  sms: { name: "SMS", description: "Text messages go out through your SMS provider's API (Twilio, or any provider that takes JSON), from the sender you set here." },
  push: { name: "Push", description: "Push notifications go out through your push provider (OneSignal, or FCM), to the devices of each customer's external id." },
  webhook: { name: "Webhook", description: "Each message is a signed JSON POST to your own system, which delivers it its own way." },
};
