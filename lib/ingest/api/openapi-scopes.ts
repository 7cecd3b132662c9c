import type { ApiKeyScope } from "../../auth/api-key-scopes.ts";
import { RATE_LIMIT_WINDOW_MS } from "../../auth/api-key-rate-limit.ts";

type JsonObject = Record<string, unknown>;

const ERROR = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
const seconds = (description: string) => ({ description, schema: { type: "integer", minimum: 0 } });

/** The IETF RateLimit fields every answer to a valid key carries. */
export const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": seconds("Requests this key may make per minute."),
  "RateLimit-Remaining": seconds("Requests left in the current sliding minute."),
  "RateLimit-Reset": seconds("Seconds until the oldest counted request leaves the window (one more request is allowed)."),
  "RateLimit-Policy": { description: `The key's policy, e.g. \`600;w=${RATE_LIMIT_WINDOW_MS / 1000}\`.`, schema: { type: "string" } },
};

const TOO_MANY = {
  description: "The key made its per-minute number of requests (set when the key is created, 600 by default). Wait Retry-After seconds.",
  headers: {
    "Retry-After": { description: "Whole seconds to wait before the next request will be accepted (at least 1).", schema: { type: "integer", minimum: 1 } },
    ...RATE_LIMIT_HEADERS,
  },
  content: ERROR,
};

/**
 * An /api/v1 operation that needs `scope`: the security requirement names it
 * (OpenAPI 3.1 allows role names for any scheme), the description says it,
 * and the 403 and 429 answers every such operation can give are listed.
 */
export function scoped<T extends { description?: string; responses: JsonObject }>(scope: ApiKeyScope, operation: T) {
  return {
    ...operation,
    description: `${operation.description ? `${operation.description} ` : ""}Needs an API key with the \`${scope}\` scope.`,
    security: [{ apiKey: [scope] }],
    "x-required-scope": scope,
    responses: {
      ...operation.responses,
      "403": { description: `The key lacks the \`${scope}\` scope.`, content: ERROR },
      "429": TOO_MANY,
    },
  };
}
