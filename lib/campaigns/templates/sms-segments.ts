/**
 * How many SMS parts a text is billed as. A text made only of the GSM 03.38
 * alphabet is sent as GSM-7: 160 characters in one part, 153 per part once
 * it is split (the rest of each part carries the header that joins them), and
 * the extension characters ^ { } \ [ ~ ] | € and form feed take two places
 * each. Any other character (an emoji, a curly quote ’, most accented
 * letters outside Western Europe) sends the whole text as UCS-2: 70 UTF-16
 * code units in one part, 67 per part when split, an emoji outside the
 * Basic Multilingual Plane taking two. A two-place character is never split
 * across parts, so a part may end one place short.
 */
export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** Parts the text is sent (and billed) as; 0 for an empty text. */
  segments: number;
  /** Length in the encoding's units: GSM-7 septets or UTF-16 code units. */
  units: number;
}

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export const SMS_LIMITS = {
  "GSM-7": { single: 160, perPart: 153 },
  "UCS-2": { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return "UCS-2";
  return "GSM-7";
}

/** Each character's size in the encoding's units, in order. */
function unitSizes(text: string, encoding: SmsEncoding): number[] {
  const sizes: number[] = [];
  for (const ch of text) sizes.push(encoding === "GSM-7" ? (EXTENSION.has(ch) ? 2 : 1) : ch.length);
  return sizes;
}

export function smsSegments(text: string): SmsSegmentation {
  const encoding = smsEncoding(text);
  const sizes = unitSizes(text, encoding);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, segments: 0, units };
  if (units <= limits.single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.perPart) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, segments, units };
}
