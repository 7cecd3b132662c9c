import type { ImportKind } from "../db/generated/enums.ts";
import { customerInputSchema, type CustomerInput } from "./customer.schema.ts";
import { orderInputSchema, type OrderInput } from "./order.schema.ts";

export type ImportRow<K extends ImportKind> = K extends "CUSTOMERS" ? CustomerInput : OrderInput;

/** The one schema each importable kind is validated with (CSV and API alike). */
export const IMPORT_SCHEMAS = {
  CUSTOMERS: customerInputSchema,
  ORDERS: orderInputSchema,
} as const;
