import { customerInputSchema } from "./customer.schema.ts";
import { orderInputSchema } from "./order.schema.ts";

/** The one schema each importable kind is validated with (CSV and API alike). */
export const IMPORT_SCHEMAS = {
  CUSTOMERS: customerInputSchema,
  ORDERS: orderInputSchema,
} as const;
