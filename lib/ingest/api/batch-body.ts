import { AppError } from "../../errors.ts";
import { MAX_BATCH_ITEMS } from "./api-limits.ts";
import type { ApiEntity } from "./ingest-items.ts";

/** The items of a batch body `{ "<entity>": [ ... ] }`: 422 for another shape, 413 over the item limit. */
export function batchItems(body: unknown, entity: ApiEntity): unknown[] {
  const items = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>)[entity] : undefined;
  if (!Array.isArray(items)) throw new AppError("VALIDATION", `Send a JSON object { "${entity}": [ ... ] }.`);
  if (items.length === 0) throw new AppError("VALIDATION", `"${entity}" is empty; send at least one item.`);
  if (items.length > MAX_BATCH_ITEMS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${items.length}. Split it into several requests.`);
  }
  return items;
}
