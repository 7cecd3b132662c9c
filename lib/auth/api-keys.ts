import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/client.ts";
import { AppError } from "../errors.ts";

const KEY_PREFIX = "vl_live_";

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key and returns its plaintext once; only the hash is stored. */
export async function createApiKey(workspaceId: number, name: string, createdById: string | null) {
  const secret = randomBytes(32).toString("base64url");
  const plaintext = `${KEY_PREFIX}${secret}`;
  const row = await db.apiKey.create({
    data: { workspaceId, name, prefix: plaintext.slice(0, KEY_PREFIX.length + 6), keyHash: hashKey(plaintext), createdById },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, plaintext };
}

export async function revokeApiKey(workspaceId: number, apiKeyId: number): Promise<void> {
  const res = await db.apiKey.updateMany({
    where: { id: apiKeyId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (res.count === 0) throw new AppError("NOT_FOUND", "API key not found");
}

export async function listApiKeys(workspaceId: number) {
  return db.apiKey.findMany({
    where: { workspaceId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export interface ApiKeyPrincipal {
  apiKeyId: number;
  workspaceId: number;
}

/** Resolves an `Authorization: Bearer <key>` header to its workspace, or throws UNAUTHENTICATED. */
export async function authenticateApiKey(authorization: string | null): Promise<ApiKeyPrincipal> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Missing API key: send 'Authorization: Bearer <key>'.");
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashKey(match[1]) },
    select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new AppError("UNAUTHENTICATED", "Invalid or revoked API key.");
  // Touch last-used at most once a minute to keep hot keys from writing on every request.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { apiKeyId: key.id, workspaceId: key.workspaceId };
}
