import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import { z } from "zod";
import { db } from "../db/client.ts";
import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import {
  API_KEY_SCOPES,
  apiKeyScopeSchema,
  DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE,
  MAX_API_KEY_LIFETIME_MS,
  MAX_API_KEY_RATE_LIMIT_PER_MINUTE,
  type ApiKeyScope,
} from "./api-key-scopes.ts";

const KEY_PREFIX = "vl_live_";

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
  scopes: z.array(apiKeyScopeSchema).min(1, "Choose at least one scope (read, write or send)."),
  expiresAt: z.date().nullable().optional(),
  rateLimitPerMinute: z
    .number()
    .int("Must be a whole number of requests.")
    .min(1, "At least 1 request per minute.")
    .max(MAX_API_KEY_RATE_LIMIT_PER_MINUTE, `At most ${MAX_API_KEY_RATE_LIMIT_PER_MINUTE} requests per minute.`)
    .optional(),
});

export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

/** Why an expiry cannot be used, or null when it can: in the future, and at most two years ahead. */
export function apiKeyExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (expiresAt.getTime() <= now.getTime()) return "The expiry must be in the future.";
  if (expiresAt.getTime() > now.getTime() + MAX_API_KEY_LIFETIME_MS) return "A key can expire at most two years from today.";
  return null;
}

/** Where writes go: the pool for a lone write, or a transaction's client so the audit row commits with the change. */
type KeyWriter = Pick<pg.PoolClient, "query">;

function invalid(problems: string[]): AppError {
  return new AppError("VALIDATION", problems[0] ?? "Invalid API key settings.", { problems });
}

/**
 * Creates a key and returns its plaintext once; only the hash is stored.
 * Scopes are required (there is no "everything" default); an expiry must lie
 * in the future and at most two years ahead, so no key is forgotten forever
 * by accident of a typo in the year.
 */
export async function createApiKey(
  workspaceId: number,
  input: CreateApiKeyInput,
  createdById: string | null,
  options: { now?: Date; client?: KeyWriter } = {},
) {
  const { now = new Date(), client = pool } = options;
  const parsed = createApiKeyInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`));
  const { name, expiresAt, rateLimitPerMinute } = parsed.data;
  const expiryProblem = expiresAt ? apiKeyExpiryProblem(expiresAt, now) : null;
  if (expiryProblem) throw invalid([`expiresAt: ${expiryProblem}`]);
  // Stored once each, in a fixed order, so the list and the audit read the same for the same choice.
  const scopes = API_KEY_SCOPES.filter((s) => parsed.data.scopes.includes(s));

  const secret = randomBytes(32).toString("base64url");
  const plaintext = `${KEY_PREFIX}${secret}`;
  const inserted = await client.query<{ id: number; name: string; prefix: string; created_at: Date; expires_at: Date | null; rate_limit_per_minute: number }>(
    `INSERT INTO api_key (workspace_id, name, prefix, key_hash, created_by_id, scopes, expires_at, rate_limit_per_minute)
     VALUES ($1::int4, $2::text, $3::text, $4::text, $5::text, $6::text[], $7::timestamptz, $8::int4)
     RETURNING id, name, prefix, created_at, expires_at, rate_limit_per_minute`,
    [
      workspaceId,
      name,
      plaintext.slice(0, KEY_PREFIX.length + 6),
      hashKey(plaintext),
      createdById,
      scopes,
      expiresAt ?? null,
      rateLimitPerMinute ?? DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE,
    ],
  );
  const row = inserted.rows[0]!;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    rateLimitPerMinute: row.rate_limit_per_minute,
    scopes,
    plaintext,
  };
}

export async function revokeApiKey(workspaceId: number, apiKeyId: number, client: KeyWriter = pool): Promise<void> {
  const res = await client.query(`UPDATE api_key SET revoked_at = $1::timestamptz WHERE id = $2::int4 AND workspace_id = $3::int4 AND revoked_at IS NULL`, [
    new Date(),
    apiKeyId,
    workspaceId,
  ]);
  if (res.rowCount === 0) throw new AppError("NOT_FOUND", "API key not found");
}

export async function listApiKeys(workspaceId: number) {
  const keys = await db.apiKey.findMany({
    where: { workspaceId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, scopes: true, expiresAt: true, rateLimitPerMinute: true },
    orderBy: { createdAt: "desc" },
  });
  return keys.map((k) => ({ ...k, scopes: knownScopes(k.scopes) }));
}

/** The column is CHECKed to hold only known scopes; this narrows the type without trusting a cast. */
function knownScopes(stored: string[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((s) => stored.includes(s));
}

export interface ApiKeyPrincipal {
  apiKeyId: number;
  workspaceId: number;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
}

/**
 * Resolves an `Authorization: Bearer <key>` header to its workspace. Throws
 * UNAUTHENTICATED for a missing, unknown, revoked or expired key and
 * FORBIDDEN when the key lacks the scope the endpoint needs.
 */
export async function authenticateApiKey(authorization: string | null, requiredScope: ApiKeyScope, now: Date = new Date()): Promise<ApiKeyPrincipal> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Missing API key: send 'Authorization: Bearer <key>'.");
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashKey(match[1]) },
    select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true, scopes: true, expiresAt: true, rateLimitPerMinute: true },
  });
  if (!key) throw new AppError("UNAUTHENTICATED", "Invalid API key.");
  if (key.revokedAt) throw new AppError("UNAUTHENTICATED", "This API key was revoked.");
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) {
    throw new AppError("UNAUTHENTICATED", `This API key expired at ${key.expiresAt.toISOString()}; an admin can create a new one in Settings → API keys.`);
  }
  const scopes = knownScopes(key.scopes);
  if (!scopes.includes(requiredScope)) {
    throw new AppError("FORBIDDEN", `This API key lacks the '${requiredScope}' scope; its scopes are ${scopes.map((s) => `'${s}'`).join(", ")}.`);
  }
  // Touch last-used at most once a minute to keep hot keys from writing on every request.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { apiKeyId: key.id, workspaceId: key.workspaceId, scopes, rateLimitPerMinute: key.rateLimitPerMinute };
}
