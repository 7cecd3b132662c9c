import { z } from "zod";
import { canonicalTimeZone, parseAmount, parseBoolean, parseTimestamp, type Parsed } from "./parse-values.ts";

/**
 * Field builders for the entity schemas (customer/order/event.schema.ts). Both
 * the CSV import and the REST API validate with those schemas, so a value means
 * the same thing whichever way it arrives. Messages are phrased to follow a
 * column name: "email: is not a valid email address".
 *
 * Absent (undefined) leaves a stored value as it is; null clears it. A CSV
 * empty cell is absent.
 */

function fromParsed<T>(parsed: Parsed<T>, ctx: z.RefinementCtx): T {
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.reason });
  return z.NEVER;
}

const requiredMessage = (iss: { input: unknown }, expected: string) =>
  iss.input === undefined || iss.input === null ? "is required" : `must be ${expected}`;

/** A sender-side id: text (numbers accepted and kept as written), 1–255 characters. */
export function externalIdField(description: string) {
  return z
    .union([z.string(), z.number().int()], { error: (iss) => requiredMessage(iss, "text or an integer") })
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1, "is required").max(255, "must be at most 255 characters"))
    .meta({ description });
}

/** Optional free text; an empty string is treated as null (clears the stored value). */
export function textField(max: number, description: string) {
  return z
    .string({ error: "must be text" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .meta({ description });
}

export const emailField = z
  .string({ error: "must be text" })
  .trim()
  .toLowerCase()
  .max(320, "must be at most 320 characters")
  .transform((v) => (v === "" ? null : v))
  .pipe(z.email("is not a valid email address").nullable())
  .nullable()
  .optional()
  .meta({ description: "Email address; stored lower-cased." });

export const phoneField = z
  .string({ error: "must be text" })
  .trim()
  .max(40, "must be at most 40 characters")
  .regex(/^$|^\+?[0-9 ().\-/]{3,}$/, "is not a phone number (digits, spaces, + - . ( ) only)")
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional()
  .meta({ description: "Phone number, ideally E.164 (+4930123456)." });

export const countryField = z
  .string({ error: "must be text" })
  .trim()
  .regex(/^$|^[A-Za-z]{2}$/, "must be a two-letter ISO 3166 country code (e.g. DE, US)")
  .transform((v) => (v === "" ? null : v.toUpperCase()))
  .nullable()
  .optional()
  .meta({ description: "ISO 3166-1 alpha-2 country code." });

export const timeZoneField = z
  .string({ error: "must be text" })
  .transform((v, ctx) => {
    if (v.trim() === "") return null;
    const zone = canonicalTimeZone(v);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: "is not an IANA time zone (e.g. Europe/Berlin)" });
    return z.NEVER;
  })
  .nullable()
  .optional()
  .meta({ description: "IANA time zone name, e.g. Europe/Berlin." });

const TIMESTAMP_DOC =
  "ISO 8601 date or date-time (2024-03-05, 20240305, 2024-03-05T14:30:00+01:00) or Unix time. " +
  "A time without an offset is read in the workspace time zone.";

export function timestampField(description: string) {
  return z
    .union([z.string(), z.number()], { error: (iss) => requiredMessage(iss, "a date") })
    .transform((v, ctx) => fromParsed(parseTimestamp(v), ctx))
    .meta({ description: `${description} ${TIMESTAMP_DOC}` });
}

export function optionalTimestampField(description: string) {
  return z
    .union([z.string(), z.number()], { error: "must be a date" })
    .transform((v, ctx) => (typeof v === "string" && v.trim() === "" ? null : fromParsed(parseTimestamp(v), ctx)))
    .nullable()
    .optional()
    .meta({ description: `${description} ${TIMESTAMP_DOC}` });
}

export function booleanField(description: string) {
  return z
    .union([z.boolean(), z.string(), z.number()], { error: "must be true or false" })
    .transform((v, ctx) => fromParsed(parseBoolean(v), ctx))
    .optional()
    .meta({ description: `${description} true/false; strings yes/no, 1/0 are accepted.` });
}

export const amountField = z
  .union([z.number(), z.string()], { error: (iss) => requiredMessage(iss, "a number") })
  .transform((v, ctx) => fromParsed(parseAmount(v), ctx))
  .meta({ description: "Order total, >= 0, in the order currency; a number or a decimal string (\"1234.50\"). Rounded to cents." });

export const currencyField = z
  .string({ error: "must be text" })
  .trim()
  .regex(/^$|^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 currency code (e.g. EUR)")
  .transform((v) => (v === "" ? null : v.toUpperCase()))
  .nullable()
  .optional()
  .meta({ description: "ISO 4217 currency code; defaults to the workspace currency." });

/** A JSON object of custom values (customer attributes, event properties). */
export function jsonObjectField(description: string) {
  return z.record(z.string().max(200, "key must be at most 200 characters"), z.unknown()).optional().meta({ description });
}

/** A money amount ≥ 0 (price, discount): absent keeps, null clears. Rounded to cents. */
export function optionalAmountField(description: string) {
  return z
    .union([z.number(), z.string()], { error: "must be a number" })
    .transform((v, ctx) => (typeof v === "string" && v.trim() === "" ? null : fromParsed(parseAmount(v), ctx)))
    .nullable()
    .optional()
    .meta({ description: `${description} A number or a decimal string ("1234.50"), >= 0; rounded to cents.` });
}

/** A required money amount ≥ 0 (a line's unit price). */
export function requiredAmountField(description: string) {
  return z
    .union([z.number(), z.string()], { error: (iss) => requiredMessage(iss, "a number") })
    .transform((v, ctx) => fromParsed(parseAmount(v), ctx))
    .meta({ description: `${description} A number or a decimal string ("1234.50"), >= 0; rounded to cents.` });
}

/** A whole number in [min, max]; CSV cells arrive as text ("3"). */
export function integerField(min: number, max: number, description: string) {
  return z
    .union([z.number(), z.string()], { error: "must be a whole number" })
    .transform((v, ctx) => {
      const text = typeof v === "number" ? String(v) : v.trim();
      if (!/^-?\d+$/.test(text)) {
        ctx.addIssue({ code: "custom", message: "must be a whole number" });
        return z.NEVER;
      }
      const n = Number(text);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be between ${min} and ${max.toLocaleString("en-US")}` });
        return z.NEVER;
      }
      return n;
    })
    .optional()
    .meta({ description });
}

/** A calendar date (YYYY-MM-DD); a time of day, if sent, is dropped (an instant is taken in UTC). */
export function optionalDateField(description: string) {
  return z
    .union([z.string(), z.number()], { error: "must be a date" })
    .transform((v, ctx) => {
      if (typeof v === "string" && v.trim() === "") return null;
      const parsed = fromParsed(parseTimestamp(v), ctx);
      return typeof parsed === "string" ? parsed.slice(0, 10) : parsed;
    })
    .nullable()
    .optional()
    .meta({ description: `${description} YYYY-MM-DD (ISO 8601 dates and date-times are accepted; the time is dropped).` });
}
