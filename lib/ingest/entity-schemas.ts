import type { z } from "zod";
import { customerInputSchema } from "./customer.schema.ts";
import { orderLineInputSchema } from "./order-line.schema.ts";
import { orderInputSchema } from "./order.schema.ts";
import { productInputSchema } from "./product.schema.ts";

/** The one schema each importable kind is validated with (CSV and API alike). */
export const IMPORT_SCHEMAS = {
  CUSTOMERS: customerInputSchema,
  ORDERS: orderInputSchema,
  PRODUCTS: productInputSchema,
  ORDER_LINES: orderLineInputSchema,
} as const;

/** A validated row of any importable kind. */
export type ImportValue = z.output<(typeof IMPORT_SCHEMAS)[keyof typeof IMPORT_SCHEMAS]>;
