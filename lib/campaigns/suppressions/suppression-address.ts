import type { ChannelKind } from "../../channels/channel.ts";
import { textProblem } from "../../storable-text.ts";
import { normaliseAddress } from "../policy/channel-audience-sql.ts";
import { MAX_ADDRESS_CHARS } from "./suppression.schema.ts";

export type ParsedAddress = { ok: true; address: string } | { ok: false; message: string };

function shown(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}…` : trimmed;
}

/**
 * An address as typed or imported, in the form suppressions are stored and
 * matched (normaliseAddress: email lower-cased, phone numbers as + and
 * digits, customer ids as given), or why it cannot be one.
 */
export function parseSuppressionAddress(channel: ChannelKind, raw: string): ParsedAddress {
  const problem = textProblem(raw);
  if (problem) return { ok: false, message: `The address ${problem}.` };
  if (raw.trim() === "") return { ok: false, message: channel === "email" ? "Enter an email address." : channel === "sms" ? "Enter a phone number." : "Enter the customer ID." };
  if (raw.length > MAX_ADDRESS_CHARS) return { ok: false, message: `An address is at most ${MAX_ADDRESS_CHARS} characters.` };
  const address = normaliseAddress(channel, raw);
  if (address !== null) return { ok: true, address };
  if (channel === "email") return { ok: false, message: `“${shown(raw)}” is not an email address (it should look like name@example.com).` };
  return { ok: false, message: `“${shown(raw)}” is not a phone number in international form: the country code and the number, 6 to 15 digits in all (e.g. +49 151 2345678).` };
}

/**
 * What a search box's text becomes for one channel, so it matches stored
 * addresses from their start: lower case for email (stored lower-cased, so
 * the search ignores case), + and digits for SMS. Null when the text cannot
 * begin any address of that channel (letters, searching SMS numbers).
 */
export function searchPrefix(channel: ChannelKind, query: string): string | null {
  const trimmed = query.trim();
  if (trimmed === "") return "";
  if (channel === "email") return trimmed.toLowerCase();
  if (channel === "sms") {
    const digits = trimmed.replace(/[^0-9]/g, "");
    if (digits === "") return trimmed === "+" ? "+" : null;
    return /^[+0-9\s().-]+$/.test(trimmed) ? `+${digits}` : null;
  }
  return trimmed;
}

/**
 * The least string above every string that starts with `prefix`, in code
 * point order (what COLLATE "C" compares on UTF-8): the prefix with its last
 * character moved one up (a last U+10FFFF is dropped and the one before it
 * moved instead). Null only for a prefix of nothing but U+10FFFF.
 */
export function prefixUpperBound(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Surrogate code points have no UTF-8 form: the next character after U+D7FF is U+E000.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return chars.join("") + String.fromCodePoint(next);
    }
  }
  return null;
}
