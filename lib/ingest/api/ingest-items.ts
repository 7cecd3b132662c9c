import type pg from "pg";
import type { z } from "zod";
import { customerDataChanged } from "../after-ingest.ts";
import { requestRecommendationsBuild } from "../../recommendations/request-recommendations-build.ts";
import { customerInputSchema, type CustomerInput } from "../customer.schema.ts";
import { eventInputSchema, type EventInput } from "../event.schema.ts";
import { orderLineInputSchema, type OrderLineInput } from "../order-line.schema.ts";
import { orderInputSchema, type OrderInput } from "../order.schema.ts";
import { productInputSchema, type ProductInput } from "../product.schema.ts";
import { withTransaction } from "../../db/transaction.ts";
import { loadWorkspaceContext, type WorkspaceContext } from "../write/workspace-context.ts";
import { writeCustomers } from "../write/write-customers.ts";
import { writeEvents } from "../write/write-events.ts";
import { orderLineKey, writeOrderLines } from "../write/write-order-lines.ts";
import { writeProducts } from "../write/write-products.ts";
import type { WriteOutcome, WriteResult } from "../write/write-result.ts";
import { writeOrdersWithLines } from "./write-orders-with-lines.ts";

export type ApiEntity = "customers" | "orders" | "events" | "products" | "order_lines";

export interface ItemIssue {
  path: string;
  message: string;
}

export interface ItemResult {
  index: number;
  status: WriteOutcome | "error";
  external_id?: string;
  errors?: ItemIssue[];
}

export interface IngestSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Customers created with only an external id because an order or event named an unknown one. */
  customers_created: number;
}

export interface IngestItemsResult {
  results: ItemResult[];
  summary: IngestSummary;
}

type Valid<T> = { index: number; value: T };

function validate<T>(schema: z.ZodType<T>, items: readonly unknown[]) {
  const valid: Valid<T>[] = [];
  const results: ItemResult[] = new Array(items.length);
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      valid.push({ index, value: parsed.data });
    } else {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
      const externalId = (item as { external_id?: unknown } | null)?.external_id;
      results[index] = {
        index,
        status: "error",
        ...(typeof externalId === "string" || typeof externalId === "number" ? { external_id: String(externalId) } : {}),
        errors,
      };
    }
  });
  return { valid, results };
}

const SCHEMAS: Record<ApiEntity, z.ZodType> = {
  customers: customerInputSchema,
  orders: orderInputSchema,
  events: eventInputSchema,
  products: productInputSchema,
  order_lines: orderLineInputSchema,
};

/** What one transaction wrote, and the valid items it still refused (by position in `values`) for what they name. */
interface EntityWrite {
  written: WriteResult;
  refused: Map<number, ItemIssue[]>;
  /** The key each written item's outcome is filed under (null: an event without external id, always new). */
  keyOf: (value: unknown) => string | null;
  /** Items whose own row is unchanged but whose lines changed. */
  touched?: Set<string>;
}

const externalIdKey = (value: unknown) => (value as { external_id?: string | null }).external_id ?? null;

async function writeEntity(client: pg.PoolClient, ctx: WorkspaceContext, entity: ApiEntity, values: unknown[]): Promise<EntityWrite> {
  switch (entity) {
    case "customers":
      return { written: await writeCustomers(client, ctx, values as CustomerInput[]), refused: new Map(), keyOf: externalIdKey };
    case "events":
      return { written: await writeEvents(client, ctx, values as EventInput[]), refused: new Map(), keyOf: externalIdKey };
    case "products":
      return { written: await writeProducts(client, ctx, values as ProductInput[]), refused: new Map(), keyOf: externalIdKey };
    case "orders": {
      const { written, refused, linesChanged } = await writeOrdersWithLines(client, ctx, values as OrderInput[]);
      return { written, refused, keyOf: externalIdKey, touched: linesChanged };
    }
    case "order_lines": {
      const written = await writeOrderLines(client, ctx, values as OrderLineInput[]);
      const refused = new Map(written.rejected.map((r) => [r.seq, [{ path: r.field, message: r.reason }]]));
      const keyOf = (value: unknown) => {
        const line = value as OrderLineInput;
        return orderLineKey(line.order_external_id, line.product_external_id, line.line_number);
      };
      return { written, refused, keyOf };
    }
  }
}

/**
 * The REST API's write path: validates each item with the entity's schema
 * (the same one the CSV import uses), writes every valid item in one
 * transaction through the same set-based writers, and reports per item.
 * Invalid items never block valid ones; an item naming what the workspace
 * does not have (a line's order or product) is reported and not written; a
 * database failure writes nothing.
 */
export async function ingestItems(entity: ApiEntity, workspaceId: number, items: readonly unknown[]): Promise<IngestItemsResult> {
  const { valid, results } = validate(SCHEMAS[entity], items);
  const summary: IngestSummary = { created: 0, updated: 0, unchanged: 0, failed: items.length - valid.length, customers_created: 0 };
  if (valid.length > 0) {
    const { written, refused, keyOf, touched } = await withTransaction(async (client) =>
      writeEntity(client, await loadWorkspaceContext(client, workspaceId), entity, valid.map((v) => v.value)),
    );
    summary.customers_created = written.createdCustomers;
    valid.forEach(({ index, value }, position) => {
      const externalId = externalIdKey(value) ?? undefined;
      const problems = refused.get(position);
      if (problems) {
        summary.failed++;
        results[index] = { index, status: "error", ...(externalId ? { external_id: externalId } : {}), errors: problems };
        return;
      }
      const key = keyOf(value);
      // Events without an external id are always new rows.
      let status: WriteOutcome = key ? (written.outcomes.get(key) ?? "unchanged") : "created";
      if (status === "unchanged" && externalId && touched?.has(externalId)) status = "updated";
      summary[status]++;
      results[index] = { index, status, ...(externalId ? { external_id: externalId } : {}) };
    });
    const changed = written.inserted + written.updated + written.createdCustomers + (touched?.size ?? 0);
    // Products and lines change no customer value and trigger no campaign (IMPORT_KINDS.feedsAnalytics).
    if (changed > 0 && entity !== "products" && entity !== "order_lines") await customerDataChanged(workspaceId, "api");
    // Baskets or categories changed: the model is rebuilt when the hour's window closes.
    if (changed > 0 && entity !== "customers" && entity !== "events") await requestRecommendationsBuild(workspaceId, "api");
  }
  return { results, summary };
}
