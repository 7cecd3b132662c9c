// Postgres text and jsonb cannot hold NUL (22P05 / 22021), and an unpaired
// surrogate has no UTF-8 encoding, so both could only fail later, deep inside
// a query, as a 500. Every door checks text with this first and names the field.
const NUL = "\u0000";
const NUL_OR_SURROGATE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What keeps Postgres from storing or comparing this text, phrased to follow a field name; null when it can. */
export function textProblem(text: string): string | null {
  // One cheap scan for the common case (no NUL, no surrogate: nothing to look at closely).
  if (!NUL_OR_SURROGATE.test(text)) return null;
  if (text.includes(NUL)) return "must not contain NUL characters (\\u0000)";
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `must be valid Unicode (it holds an unpaired surrogate, \\u${lone[0].charCodeAt(0).toString(16)})`;
  return null;
}
