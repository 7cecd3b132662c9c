/** What a phone number may be written with: an optional leading +, digits, spaces, dots, dashes and brackets. */
export const PHONE_CHARACTERS = /^ *\+?[0-9 ().-]+$/;

/**
 * A customer's phone number as SMS providers take it and suppression lists
 * store it: E.164, a plus and the digits. The number may be written with
 * spaces, dots, dashes and brackets, and with the trunk prefix in brackets
 * after the country code ("+44 (0)20 7946 0958"), which is dropped; what
 * remains must be 6 to 15 digits (E.164's maximum) not starting with 0,
 * since no country code does. A
 * number kept in national form ("020 7946 0958") or with other text
 * ("ext. 12", letters) has no address rather than a wrong one: sending it
 * would reach someone else or be refused.
 *
 * lib/campaigns/policy/channel-audience-sql.ts says the same in SQL, so a
 * whole audience is decided in one statement;
 * tests/integration/sms-address-sql.test.ts holds the two together.
 */
export function smsAddress(phone: string): string | null {
  if (!PHONE_CHARACTERS.test(phone)) return null;
  const digits = phone.replaceAll("(0)", "").replace(/[^0-9]/g, "");
  return /^[1-9][0-9]{5,14}$/.test(digits) ? `+${digits}` : null;
}
