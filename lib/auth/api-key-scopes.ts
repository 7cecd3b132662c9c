import { z } from "zod";

/**
 * What an API key may do, chosen when it is created. Kept free of server
 * imports so the settings screen, the OpenAPI document and the route wrapper
 * share this one definition.
 *   read  – GET endpoints, segment counts and launch previews (they return personal data)
 *   write – create or update customers, orders, products, order lines, events and campaigns
 *   send  – what reaches customers: launch, pause, resume and archive campaigns
 */
export const API_KEY_SCOPES = ["read", "write", "send"] as const;

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES, { error: "A scope is one of read, write or send." });

export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  read: "Read customers, orders, segments and campaigns",
  write: "Create and update customers, orders, products, order lines, events and campaigns",
  send: "Send messages to customers: launch, pause, resume and archive campaigns",
};

/** Requests per minute a key gets unless its creator chose otherwise. */
export const DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_API_KEY_RATE_LIMIT_PER_MINUTE = 10_000;

/** Two years (leap-year safe), so a date picked two years ahead is accepted with its whole last day. */
export const MAX_API_KEY_LIFETIME_MS = 2 * 366 * 86_400_000;
