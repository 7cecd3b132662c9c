import type { ChannelKind } from "../../channels/channel.ts";

/**
 * How eligibility SQL reads a customer (`c`) for each channel: the consent
 * column and the address, normalised the way suppressions are stored. These
 * mirror each channel's `consentField` and `address()` in lib/channels (a
 * test holds them together); SQL needs them to decide a whole audience in
 * one statement.
 */
export const CHANNEL_AUDIENCE_SQL: Record<ChannelKind, { consent: string; address: string }> = {
  email: {
    consent: "c.email_consent",
    address: `CASE WHEN btrim(c.email) ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' THEN lower(btrim(c.email)) END`,
  },
  sms: {
    consent: "c.sms_consent",
    address: `CASE WHEN regexp_replace(c.phone, '[^0-9]', '', 'g') ~ '^[0-9]{6,15}$' THEN '+' || regexp_replace(c.phone, '[^0-9]', '', 'g') END`,
  },
  push: { consent: "c.push_consent", address: "c.external_id" },
  // The webhook reaches the workspace's own system, which decides about consent itself.
  webhook: { consent: "true", address: "c.external_id" },
};

/** The stored form of an address on a suppression list (what CHANNEL_AUDIENCE_SQL yields). */
export function normaliseAddress(channel: ChannelKind, address: string): string | null {
  const trimmed = address.trim();
  if (channel === "email") return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed) ? trimmed.toLowerCase() : null;
  if (channel === "sms") {
    const digits = trimmed.replace(/[^0-9]/g, "");
    return /^[0-9]{6,15}$/.test(digits) ? `+${digits}` : null;
  }
  return trimmed === "" ? null : trimmed;
}
