import type { z } from "zod";
import { customerDataChanged } from "../after-ingest.ts";
import { customerInputSchema, type CustomerInput } from "../customer.schema.ts";
import { eventInputSchema, type EventInput } from "../event.schema.ts";
import { orderInputSchema, type OrderInput } from "../order.schema.ts";
import { withTransaction } from "../../db/transaction.ts";
import { loadWorkspaceContext } from "../write/workspace-context.ts";
import { writeCustomers } from "../write/write-customers.ts";
import { writeEvents } from "../write/write-events.ts";
import { writeOrders } from "../write/write-orders.ts";
import type { WriteOutcome, WriteResult } from "../write/write-result.ts";

export type ApiEntity = "customers" | "orders" | "events";

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

async function write(entity: ApiEntity, workspaceId: number, values: unknown[]): Promise<WriteResult> {
  return withTransaction(async (client) => {
    const ctx = await loadWorkspaceContext(client, workspaceId);
    if (entity === "customers") return writeCustomers(client, ctx, values as CustomerInput[]);
    if (entity === "orders") return writeOrders(client, ctx, values as OrderInput[]);
    return writeEvents(client, ctx, values as EventInput[]);
  });
}

const SCHEMAS: Record<ApiEntity, z.ZodType> = {
  customers: customerInputSchema,
  orders: orderInputSchema,
  events: eventInputSchema,
};

/**
 * The REST API's write path: validates each item with the entity's schema
 * (the same one the CSV import uses), writes every valid item in one
 * transaction through the same set-based writers, and reports per item.
 * Invalid items never block valid ones; a database failure writes nothing.
 */
export async function ingestItems(entity: ApiEntity, workspaceId: number, items: readonly unknown[]): Promise<IngestItemsResult> {
  const { valid, results } = validate(SCHEMAS[entity], items);
  const summary: IngestSummary = { created: 0, updated: 0, unchanged: 0, failed: items.length - valid.length, customers_created: 0 };
  if (valid.length > 0) {
    const written = await write(entity, workspaceId, valid.map((v) => v.value));
    summary.customers_created = written.createdCustomers;
    for (const { index, value } of valid) {
      const externalId = (value as { external_id?: string | null }).external_id ?? undefined;
      // Events without an external id are always new rows.
      const status: WriteOutcome = externalId ? (written.outcomes.get(externalId) ?? "unchanged") : "created";
      summary[status]++;
      results[index] = { index, status, ...(externalId ? { external_id: externalId } : {}) };
    }
    if (written.inserted + written.updated + written.createdCustomers > 0) await customerDataChanged(workspaceId, "api");
  }
  return { results, summary };
}
