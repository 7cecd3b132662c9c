import { z } from "zod";
import { externalIdField, integerField, optionalAmountField, requiredAmountField } from "./schema-fields.ts";

export const MAX_LINE_NUMBER = 100_000;
export const MAX_QUANTITY = 1_000_000;

const lineFields = {
  product_external_id: externalIdField("The external_id of the product (it must exist: send products first)."),
  line_number: integerField(
    1,
    MAX_LINE_NUMBER,
    "Position of the line in the order; defaults to 1. Needed only when one order holds the same product on several lines.",
  ),
  quantity: integerField(1, MAX_QUANTITY, "Units bought; defaults to 1."),
  unit_price: requiredAmountField("Price of one unit in the order currency."),
  discount: optionalAmountField("Discount on the whole line in the order currency; defaults to 0. The line is worth quantity × unit_price − discount."),
};

/** The line's own checks, with the order's path prefix for inline lines. */
function checkLine(value: { quantity?: number | undefined; unit_price: string; discount?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (value.discount === undefined || value.discount === null) return;
  // Cents as integers: 0.1 + 0.2 style errors would refuse a line discounted exactly to zero.
  const toCents = (amount: string) => Math.round(Number(amount) * 100);
  const worth = (value.quantity ?? 1) * toCents(value.unit_price);
  if (toCents(value.discount) > worth) ctx.addIssue({ code: "custom", path: ["discount"], message: "is more than quantity × unit_price" });
}

/**
 * One order line as sent by the REST API or built from a CSV row. A line is
 * known by (order, product, line number): sending it again updates quantity,
 * price and discount. The order and the product must exist; a line naming
 * either that does not is refused with a row error naming it (lib/ingest/README.md).
 */
export const orderLineInputSchema = z
  .strictObject({
    order_external_id: externalIdField("The external_id of the order the line belongs to (it must exist: send orders first)."),
    ...lineFields,
  })
  .superRefine(checkLine)
  .meta({ title: "OrderLineInput" });

export type OrderLineInput = z.output<typeof orderLineInputSchema>;

/** A line inside an order sent to POST /api/v1/orders: the order is the enclosing one. */
export const inlineLineInputSchema = z.strictObject(lineFields).superRefine(checkLine).meta({ title: "InlineOrderLineInput" });

export type InlineLineInput = z.output<typeof inlineLineInputSchema>;

export const MAX_INLINE_LINES = 500;
