import type { ChannelKind } from "../../channels/channel.ts";
import { smsAddress } from "../../channels/sms/phone-address.ts";

/**
 * How eligibility SQL reads a customer (`c`) for each channel: the consent
 * column and the address, normalised the way suppressions are stored. These
 * mirror each channel's `consentField` and `address()` in lib/channels (a
 * test holds them together); SQL needs them to decide a whole audience in
 * one statement.
 */
/** The digits of the customer's phone, less a trunk prefix written "(0)". */
const SMS_DIGITS = `regexp_replace(replace(c.phone, '(0)', ''), '[^0-9]', '', 'g')`;

export const CHANNEL_AUDIENCE_SQL: Record<ChannelKind, { consent: string; address: string }> = {
  email: {
    consent: "c.email_consent",
    address: `CASE WHEN btrim(c.email) ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' THEN lower(btrim(c.email)) END`,
  },
  sms: {
    consent: "c.sms_consent",
    // smsAddress (lib/channels/sms/phone-address.ts), in SQL.
    address: `CASE WHEN c.phone ~ '^ *\\+?[0-9 ().-]+$' AND ${SMS_DIGITS} ~ '^[1-9][0-9]{5,14}$' THEN '+' || ${SMS_DIGITS} END`,
  },
  push: { consent: "c.push_consent", address: "c.external_id" },
  // The webhook reaches the workspace's own system, which decides about consent itself.
  webhook: { consent: "true", address: "c.external_id" },
};

/** The stored form of an address on a suppression list (what CHANNEL_AUDIENCE_SQL yields). */
export function normaliseAddress(channel: ChannelKind, address: string): string | null {
  const trimmed = address.trim();
  if (channel === "email") return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed) ? trimmed.toLowerCase() : null;
  // Not trimmed: smsAddress takes the number as the customer record holds it, as the SQL above does.
  if (channel === "sms") return smsAddress(address);
  return trimmed === "" ? null : trimmed;
}
