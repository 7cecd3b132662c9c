import type { AvailableChannel } from "./registry.ts";

/** How pages and messages name each channel; a channel added to the registry must be named here too. */
export const CHANNEL_LABELS: Record<AvailableChannel, { name: string; description: string }> = {
  email: { name: "Email", description: "Campaign email goes out through your SMTP server, from the sender you set here." },
  webhook: { name: "Webhook", description: "Each message is a signed JSON POST to your own system, which delivers it its own way." },
};
