import type pg from "pg";
import type { OrderLineInput } from "../order-line.schema.ts";
import type { OrderInput } from "../order.schema.ts";
import { knownProducts } from "../write/known-products.ts";
import type { WorkspaceContext } from "../write/workspace-context.ts";
import { writeOrderLines } from "../write/write-order-lines.ts";
import { writeOrders } from "../write/write-orders.ts";
import type { WriteResult } from "../write/write-result.ts";

export interface OrdersWithLinesResult {
  written: WriteResult;
  /** Position (in `orders`) → what is wrong: an inline line names a product the workspace does not have. */
  refused: Map<number, { path: string; message: string }[]>;
  /** Orders whose lines changed (their status is at least "updated"). */
  linesChanged: Set<string>;
}

/**
 * Orders from the API, some with inline lines. An order whose lines name an
 * unknown product is refused whole (nothing of it is written), so an order
 * never lands without the lines it was sent with. For the others: the orders
 * are upserted, then each order sent with `lines` gets exactly those lines
 * (the last of repeated orders in the batch decides). Run inside withTransaction.
 */
export async function writeOrdersWithLines(client: pg.PoolClient, ctx: WorkspaceContext, orders: readonly OrderInput[]): Promise<OrdersWithLinesResult> {
  const products = await knownProducts(
    client,
    ctx.workspaceId,
    orders.flatMap((o) => (o.lines ?? []).map((l) => l.product_external_id)),
  );
  const refused = new Map<number, { path: string; message: string }[]>();
  orders.forEach((order, index) => {
    const problems = (order.lines ?? []).flatMap((line, lineIndex) =>
      products.has(line.product_external_id)
        ? []
        : [{ path: `lines.${lineIndex}.product_external_id`, message: `names product “${line.product_external_id}”, which this workspace does not have; send the product first` }],
    );
    if (problems.length > 0) refused.set(index, problems);
  });
  const accepted = orders.filter((_, index) => !refused.has(index));
  const written = await writeOrders(client, ctx, accepted);

  // The last order of repeated external ids decides the lines, as it decides the order.
  const linesOf = new Map<string, OrderInput["lines"]>();
  for (const order of accepted) {
    if (order.lines !== undefined) linesOf.set(order.external_id, order.lines);
    else linesOf.delete(order.external_id);
  }
  const lines: OrderLineInput[] = [...linesOf].flatMap(([orderExternalId, orderLines]) =>
    (orderLines ?? []).map((line) => ({ ...line, order_external_id: orderExternalId })),
  );
  const linesWritten = await writeOrderLines(client, ctx, lines, { replaceLinesOf: [...linesOf.keys()] });
  return { written, refused, linesChanged: linesWritten.changedOrders };
}
