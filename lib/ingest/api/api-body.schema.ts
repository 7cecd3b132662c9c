import { z } from "zod";
import { AppError } from "../../errors.ts";
import { MAX_BATCH_ITEMS } from "./api-limits.ts";
import type { ApiEntity } from "./ingest-items.ts";

/**
 * Envelopes of the /api/v1 write bodies. Only the envelope is checked here:
 * each item is validated by its entity's schema in ingestItems, which reports
 * every problem per item (a batch keeps its valid items).
 */

/** One item: a JSON object (a wrong value is refused with the same message the entity schema gives). */
export const itemBodySchema = z.looseObject({});

function batchItemsSchema(entity: ApiEntity) {
  return z
    .array(z.unknown(), { error: shapeMessage(entity) })
    .min(1, `"${entity}" is empty; send at least one item.`)
    .max(MAX_BATCH_ITEMS, {
      error: (issue) =>
        `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${Array.isArray(issue.input) ? issue.input.length : "more"}. Split it into several requests.`,
    });
}

function shapeMessage(entity: ApiEntity): string {
  return `Send a JSON object { "${entity}": [ ... ] }.`;
}

export const customersBatchBodySchema = z.object({ customers: batchItemsSchema("customers") }, { error: shapeMessage("customers") });
export const ordersBatchBodySchema = z.object({ orders: batchItemsSchema("orders") }, { error: shapeMessage("orders") });
export const eventsBatchBodySchema = z.object({ events: batchItemsSchema("events") }, { error: shapeMessage("events") });
export const productsBatchBodySchema = z.object({ products: batchItemsSchema("products") }, { error: shapeMessage("products") });
export const orderLinesBatchBodySchema = z.object({ order_lines: batchItemsSchema("order_lines") }, { error: shapeMessage("order_lines") });

/** A batch envelope that does not match: 413 over the item limit (the client must split it), otherwise 422 saying what to send. */
export function batchBodyRefusal(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const message = issue?.message ?? "Invalid batch.";
  return new AppError(issue?.code === "too_big" ? "PAYLOAD_TOO_LARGE" : "VALIDATION", message);
}
