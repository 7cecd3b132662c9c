import type { ApiKeyScope } from "../../auth/api-key-scopes.ts";
import { audit } from "../../audit.ts";
import { apiKeyExpiryProblem, createApiKey, listApiKeys, revokeApiKey } from "../../auth/api-keys.ts";
import { db } from "../../db/client.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { ApiKeyCreateInput } from "./api-key-create.schema.ts";
import { endOfDayInZone } from "./end-of-day.ts";

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  /** Past its expiry when the list was read: requests with it get 401. */
  expired: boolean;
}

/** API keys of a workspace for the settings page (never the hash or the key itself). */
export async function listWorkspaceApiKeys(workspaceId: number, now: Date = new Date()): Promise<ApiKeyView[]> {
  const keys = await listApiKeys(workspaceId);
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    rateLimitPerMinute: k.rateLimitPerMinute,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    expired: k.expiresAt !== null && k.expiresAt.getTime() <= now.getTime(),
  }));
}

/**
 * Creates a key and audits it in one transaction (no key exists without its
 * audit row); the plaintext is returned this once and never stored. An expiry
 * date means the end of that day in the workspace's time zone.
 */
export async function createWorkspaceApiKey(
  workspaceId: number,
  userId: string,
  input: ApiKeyCreateInput,
  now: Date = new Date(),
): Promise<ApiKeyView & { key: string }> {
  let expiresAt: Date | null = null;
  if (input.expiresOn) {
    const { timezone } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timezone: true } });
    expiresAt = endOfDayInZone(input.expiresOn, timezone);
    // Named by the field the form sends, so the message points at the date picker.
    const problem = apiKeyExpiryProblem(expiresAt, now);
    if (problem) throw new AppError("VALIDATION", `expiresOn: ${problem}`, { problems: [`expiresOn: ${problem}`] });
  }
  const created = await withTransaction(async (client) => {
    const key = await createApiKey(workspaceId, { name: input.name, scopes: input.scopes, expiresAt, rateLimitPerMinute: input.rateLimitPerMinute }, userId, { now, client });
    await audit(client, {
      workspaceId,
      actorUserId: userId,
      action: "apikey.created",
      targetType: "api_key",
      targetId: String(key.id),
      metadata: { name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null, rateLimitPerMinute: key.rateLimitPerMinute },
    });
    return key;
  });
  return {
    id: created.id,
    name: created.name,
    prefix: created.prefix,
    scopes: created.scopes,
    rateLimitPerMinute: created.rateLimitPerMinute,
    createdAt: created.createdAt.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    expiresAt: created.expiresAt?.toISOString() ?? null,
    expired: false,
    key: created.plaintext,
  };
}

/** Revokes a key of this workspace (NOT_FOUND for another workspace's or an already revoked key) and audits it. */
export async function revokeWorkspaceApiKey(workspaceId: number, userId: string, apiKeyId: number): Promise<void> {
  await withTransaction(async (client) => {
    await revokeApiKey(workspaceId, apiKeyId, client);
    await audit(client, { workspaceId, actorUserId: userId, action: "apikey.revoked", targetType: "api_key", targetId: String(apiKeyId) });
  });
}
