import { AppError } from "../../errors.ts";
import { ingestItems, type ApiEntity } from "./ingest-items.ts";
import type { WriteOutcome } from "../write/write-result.ts";

/** A single-item POST: the batch path with one item; an invalid item is a 422 listing its problems. */
export async function ingestOne(entity: ApiEntity, workspaceId: number, body: unknown): Promise<{ status: WriteOutcome; externalId: string | null }> {
  const { results } = await ingestItems(entity, workspaceId, [body]);
  const result = results[0];
  if (!result || result.status === "error") {
    throw new AppError("VALIDATION", "Invalid input", result?.errors ?? []);
  }
  return { status: result.status, externalId: result.external_id ?? null };
}
