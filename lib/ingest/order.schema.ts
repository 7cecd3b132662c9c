import { z } from "zod";
import { inlineLineInputSchema, MAX_INLINE_LINES } from "./order-line.schema.ts";
import { isInstant } from "./parse-values.ts";
import { amountField, currencyField, externalIdField, textField, timestampField } from "./schema-fields.ts";

// Orders dated in the future are almost always a date-format mix-up; two days
// of slack covers any time zone and clock skew.
const FUTURE_SLACK_MS = 2 * 24 * 3600_000;

export function isInFuture(timestamp: string, now = Date.now()): boolean {
  const ms = Date.parse(isInstant(timestamp) ? timestamp : `${timestamp}Z`);
  return ms > now + FUTURE_SLACK_MS;
}

/**
 * One order as sent by the REST API or built from a CSV row; upsert by
 * external_id. An order whose customer_external_id is unknown creates a
 * customer with only that external id (see lib/ingest/write/write-orders.ts).
 */
export const orderInputSchema = z
  .strictObject({
    external_id: externalIdField("Your id for the order (unique in the workspace)."),
    customer_external_id: externalIdField("The external_id of the customer who placed the order."),
    placed_at: timestampField("When the order was placed."),
    total: amountField,
    currency: currencyField,
    channel: textField(100, "Sales channel (e.g. web, app, store)."),
    status: z
      .string({ error: "must be text" })
      .trim()
      .toLowerCase()
      .max(32, "must be at most 32 characters")
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional()
      .meta({ description: "Order status; defaults to \"completed\". Stored lower-cased." }),
    lines: z
      .array(inlineLineInputSchema, { error: "must be a list of lines" })
      .max(MAX_INLINE_LINES, `must hold at most ${MAX_INLINE_LINES} lines`)
      .optional()
      .meta({
        description:
          "The order's lines (API only). When sent, they become the order's lines: stored lines not listed are removed, and an empty list removes all. " +
          "Left out, the stored lines stay as they are. Every product must exist; otherwise the order is refused and nothing of it is written.",
      }),
  })
  .superRefine((value, ctx) => {
    if (isInFuture(value.placed_at)) ctx.addIssue({ code: "custom", path: ["placed_at"], message: "is in the future" });
    const seen = new Map<string, number>();
    value.lines?.forEach((line, index) => {
      const key = JSON.stringify([line.product_external_id, line.line_number ?? 1]);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        ctx.addIssue({
          code: "custom",
          path: ["lines", index, "line_number"],
          message: `repeats line ${first} (same product and line number); give each line of one product its own line_number`,
        });
    });
  })
  .meta({ title: "OrderInput" });

export type OrderInput = z.output<typeof orderInputSchema>;

export const orderOutputSchema = z
  .object({
    external_id: z.string(),
    customer_external_id: z.string(),
    placed_at: z.string().meta({ description: "ISO 8601 UTC." }),
    total: z.string().meta({ description: "Decimal string with two places, e.g. \"49.90\"." }),
    currency: z.string(),
    channel: z.string().nullable(),
    status: z.string(),
    lines: z
      .array(
        z.object({
          product_external_id: z.string().nullable().meta({ description: "Null when the product has been deleted since." }),
          line_number: z.number().int(),
          quantity: z.number().int(),
          unit_price: z.string(),
          discount: z.string(),
        }),
      )
      .meta({ description: "The order's lines, by line number and then product external_id." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ title: "Order" });

export type OrderOutput = z.infer<typeof orderOutputSchema>;
