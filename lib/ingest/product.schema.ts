import { z } from "zod";
import { externalIdField, jsonObjectField, optionalAmountField, optionalDateField, textField } from "./schema-fields.ts";

const MAX_ATTRIBUTES_BYTES = 16_384;
const MAX_LEVELS = 10;
const MAX_LEVEL_CHARS = 200;

/** What separates the levels of a category path, in a CSV cell and in storage. */
export const CATEGORY_SEPARATOR = " > ";

/**
 * A category path: levels from the broadest down, as a JSON array
 * (["Apparel", "Shoes"]) or one text with ">" between levels
 * ("Apparel > Shoes", what catalogue exports write). Stored as the levels
 * joined with " > ", the value "Bought from category" rules match; a
 * one-level path is just the category's name. Empty text or null clears it.
 */
export const categoryPathField = z
  .union([z.string(), z.array(z.string({ error: "each level must be text" }))], { error: "must be text or a list of levels" })
  .transform((v, ctx) => {
    const levels = (typeof v === "string" ? v.split(">") : v).map((level) => level.trim());
    if (levels.every((level) => level === "")) return null;
    if (levels.some((level) => level === "")) {
      ctx.addIssue({ code: "custom", message: "has an empty level (write levels like “Apparel > Shoes”)" });
      return z.NEVER;
    }
    if (Array.isArray(v) && levels.some((level) => level.includes(">"))) {
      ctx.addIssue({ code: "custom", message: "has a level containing “>”, which separates levels" });
      return z.NEVER;
    }
    if (levels.length > MAX_LEVELS) {
      ctx.addIssue({ code: "custom", message: `has ${levels.length} levels; at most ${MAX_LEVELS}` });
      return z.NEVER;
    }
    if (levels.some((level) => level.length > MAX_LEVEL_CHARS)) {
      ctx.addIssue({ code: "custom", message: `has a level longer than ${MAX_LEVEL_CHARS} characters` });
      return z.NEVER;
    }
    return levels.join(CATEGORY_SEPARATOR);
  })
  .nullable()
  .optional()
  .meta({
    description:
      'Category path from the broadest level down: a list (["Apparel", "Shoes"]) or text with ">" between levels ("Apparel > Shoes"). ' +
      '"Bought from category" segment rules match the whole path.',
  });

/**
 * One product as sent by the REST API or built from a CSV row; upsert by
 * external_id. Absent fields keep their stored value; null clears it (name
 * is required: every product has one). `attributes` merge key by key, a key
 * set to null is removed, as for customers.
 */
export const productInputSchema = z
  .strictObject({
    external_id: externalIdField("Your id for the product, e.g. the SKU (unique in the workspace)."),
    name: z
      .string({ error: (iss) => (iss.input === undefined || iss.input === null ? "is required" : "must be text") })
      .trim()
      .min(1, "is required")
      .max(500, "must be at most 500 characters")
      .meta({ description: "Product name." }),
    category_path: categoryPathField,
    brand: textField(200, "Brand."),
    price: optionalAmountField("List price in the workspace currency."),
    launch_date: optionalDateField("When the product went on sale."),
    attributes: jsonObjectField("Custom attributes (any JSON values), merged into the stored ones; null removes a key."),
  })
  .superRefine((value, ctx) => {
    if (value.attributes && JSON.stringify(value.attributes).length > MAX_ATTRIBUTES_BYTES) {
      ctx.addIssue({ code: "custom", path: ["attributes"], message: `must be at most ${MAX_ATTRIBUTES_BYTES} bytes of JSON` });
    }
  })
  .meta({ title: "ProductInput" });

export type ProductInput = z.output<typeof productInputSchema>;

/** A product as the API returns it. */
export const productOutputSchema = z
  .object({
    external_id: z.string(),
    name: z.string(),
    category_path: z.array(z.string()).meta({ description: "Levels from the broadest down; empty when the product has no category." }),
    category: z.string().nullable().meta({ description: 'The levels joined with " > ": what "Bought from category" rules match.' }),
    brand: z.string().nullable(),
    price: z.string().nullable().meta({ description: 'Decimal string with two places, e.g. "49.90".' }),
    launch_date: z.string().nullable().meta({ description: "YYYY-MM-DD." }),
    attributes: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ title: "Product" });

export type ProductOutput = z.infer<typeof productOutputSchema>;
