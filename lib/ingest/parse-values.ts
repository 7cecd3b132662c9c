/**
 * Value parsers shared by the CSV import and the REST API (through the zod
 * schemas). Each returns the normalised value or a reason a person can act on.
 * Locale-dependent spellings (03/04/2024, 1.234,56) are resolved per file by
 * lib/ingest/csv/normalize-cell.ts before these strict parsers see them.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// Date part: 2024-03-05, 2024/03/05, 2024.03.05 or 20240305; optional time
// (T or space), fraction, and offset (Z, +02:00, +0200, +02, " UTC").
const TIMESTAMP_RE =
  /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * A timestamp as text: an absolute instant ends in "Z" (normalised to UTC);
 * a wall-clock time without offset has no zone suffix and is placed in the
 * workspace time zone when written (lib/ingest/sql/timestamp-sql.ts).
 */
export function parseTimestamp(input: string | number): Parsed<string> {
  if (typeof input === "number" || /^\d{10}$|^\d{13}$/.test(input.trim())) {
    // Unix time: 10 digits are seconds, 13 are milliseconds (JSON numbers by magnitude).
    const n = Number(input);
    if (!Number.isFinite(n)) return fail("is not a valid date");
    const ms = typeof input === "number" ? (Math.abs(n) < 1e11 ? n * 1000 : n) : String(input).trim().length === 10 ? n * 1000 : n;
    const d = new Date(ms);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < MIN_YEAR || d.getUTCFullYear() > MAX_YEAR) {
      return fail(`is out of range (years ${MIN_YEAR}–${MAX_YEAR})`);
    }
    return ok(d.toISOString());
  }
  const text = input.trim();
  const m = TIMESTAMP_RE.exec(text);
  if (!m) {
    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(text)) {
      return fail("is ambiguous (day and month order unknown); use YYYY-MM-DD");
    }
    return fail("is not a recognised date; use YYYY-MM-DD or ISO 8601 (2024-03-05T14:30:00+01:00)");
  }
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = hs ? Number(hs) : 0;
  const minute = mis ? Number(mis) : 0;
  const second = ss ? Number(ss) : 0;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(`is out of range (years ${MIN_YEAR}–${MAX_YEAR})`);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return fail("is not a real calendar date");
  }
  if (hour > 23 || minute > 59 || second > 59) return fail("has an invalid time of day");
  const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(millis, 3)}`;
  if (!zone) return ok(local);
  let offsetMinutes = 0;
  if (!/^(Z|UTC|GMT)$/i.test(zone)) {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return fail("has an invalid UTC offset");
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return ok(new Date(instant).toISOString());
}

/** True when parseTimestamp produced an absolute instant (vs. a wall-clock time). */
export function isInstant(timestamp: string): boolean {
  return timestamp.endsWith("Z");
}

const TRUE_WORDS = new Set(["true", "t", "yes", "y", "1", "on", "subscribed", "opted_in", "opt-in", "optin"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "0", "off", "unsubscribed", "opted_out", "opt-out", "optout"]);

export function parseBoolean(input: string | boolean | number): Parsed<boolean> {
  if (typeof input === "boolean") return ok(input);
  if (typeof input === "number") {
    if (input === 1 || input === 0) return ok(input === 1);
    return fail("must be true or false");
  }
  const word = input.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail("must be true/false, yes/no or 1/0");
}

// numeric(14,2): twelve integer digits.
const MAX_AMOUNT = 999_999_999_999.99;

/**
 * A money amount as a plain decimal string ("1234.5"), never a float, so cents
 * survive exactly. Accepts a JSON number or a string with "." as the decimal
 * point; more than two decimals are rounded half away from zero by Postgres.
 */
export function parseAmount(input: string | number): Parsed<string> {
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return fail("is not a number");
    text = Math.abs(input) < 1e-6 ? "0" : String(input);
    if (/e/i.test(text)) text = input.toFixed(6);
  } else {
    text = input.trim();
  }
  if (!/^-?\d+(\.\d+)?$/.test(text)) return fail("is not a number (use digits with an optional decimal point, e.g. 1234.50)");
  const value = Number(text);
  if (value < 0) return fail("must be 0 or more");
  if (value > MAX_AMOUNT) return fail("is too large (at most 999,999,999,999.99)");
  return ok(text.replace(/^(-?)0+(?=\d)/, "$1"));
}

/** The canonical IANA name for a time zone ("europe/berlin" → "Europe/Berlin"), or null when unknown. */
export function canonicalTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
