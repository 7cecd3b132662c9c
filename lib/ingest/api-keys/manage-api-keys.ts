import { z } from "zod";
import { audit } from "../../audit.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../../auth/api-keys.ts";

export const apiKeyNameSchema = z.object({
  name: z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
});

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** API keys of a workspace for the settings page (never the hash or the key itself). */
export async function listWorkspaceApiKeys(workspaceId: number): Promise<ApiKeyView[]> {
  const keys = await listApiKeys(workspaceId);
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** Creates a key and audits it; the plaintext is returned this once and never stored. */
export async function createWorkspaceApiKey(workspaceId: number, userId: string, name: string): Promise<ApiKeyView & { key: string }> {
  const created = await createApiKey(workspaceId, name, userId);
  await audit({ workspaceId, actorUserId: userId, action: "apikey.created", targetType: "api_key", targetId: String(created.id), metadata: { name, prefix: created.prefix } });
  return { id: created.id, name: created.name, prefix: created.prefix, createdAt: created.createdAt.toISOString(), lastUsedAt: null, revokedAt: null, key: created.plaintext };
}

/** Revokes a key of this workspace (NOT_FOUND for another workspace's or an already revoked key) and audits it. */
export async function revokeWorkspaceApiKey(workspaceId: number, userId: string, apiKeyId: number): Promise<void> {
  await revokeApiKey(workspaceId, apiKeyId);
  await audit({ workspaceId, actorUserId: userId, action: "apikey.revoked", targetType: "api_key", targetId: String(apiKeyId) });
}
