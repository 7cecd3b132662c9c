import type pg from "pg";
import type { ImportKind } from "../../db/generated/enums.ts";
import type { CustomerInput } from "../customer.schema.ts";
import type { ImportValue } from "../entity-schemas.ts";
import type { OrderLineInput } from "../order-line.schema.ts";
import type { OrderInput } from "../order.schema.ts";
import type { ProductInput } from "../product.schema.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { writeCustomers } from "./write-customers.ts";
import { writeOrderLines } from "./write-order-lines.ts";
import { writeOrders } from "./write-orders.ts";
import { writeProducts } from "./write-products.ts";
import type { WriteResult } from "./write-result.ts";

/** The writer of each import kind; the values were validated with that kind's schema (IMPORT_SCHEMAS). */
export function writeImportBatch(client: pg.PoolClient, ctx: WorkspaceContext, kind: ImportKind, values: readonly ImportValue[]): Promise<WriteResult> {
  switch (kind) {
    case "CUSTOMERS":
      return writeCustomers(client, ctx, values as CustomerInput[]);
    case "ORDERS":
      return writeOrders(client, ctx, values as OrderInput[]);
    case "PRODUCTS":
      return writeProducts(client, ctx, values as ProductInput[]);
    case "ORDER_LINES":
      return writeOrderLines(client, ctx, values as OrderLineInput[]);
  }
}
