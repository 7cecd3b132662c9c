import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { takeApiKeyRequest, RATE_LIMIT_WINDOW_MS, type RateLimitDecision } from "../auth/api-key-rate-limit.ts";
import type { ApiKeyScope } from "../auth/api-key-scopes.ts";
import { authenticateApiKey, type ApiKeyPrincipal } from "../auth/api-keys.ts";
import { AppError } from "../errors.ts";
import { errorResponse } from "./error-response.ts";
import { readBody, type JsonBodySpec } from "./read-body.ts";

type RouteContext<P> = { params: Promise<P> };

/** IETF RateLimit header fields, on every answer to a counted request. */
function rateLimitHeaders(decision: Extract<RateLimitDecision, { counted: true }>): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    "RateLimit-Policy": `${decision.limit};w=${RATE_LIMIT_WINDOW_MS / 1000}`,
  };
}

function refusal(decision: RateLimitDecision): Response {
  if (!decision.counted) {
    // Only send requests are refused when the limiter is down (see takeApiKeyRequest).
    return NextResponse.json(
      { error: { code: "UNAVAILABLE", message: "Sending is paused while the rate limiter is unavailable; retry shortly." } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  const res = errorResponse(
    new AppError("RATE_LIMITED", `This API key is limited to ${decision.limit} requests per minute; retry in ${decision.resetSeconds} s.`, {
      limit: decision.limit,
      retryAfterSeconds: decision.resetSeconds,
    }),
  );
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.headers.set(name, value);
  res.headers.set("Retry-After", String(decision.resetSeconds));
  return res;
}

type ApiKeyRoute<P> = ((req: NextRequest, ctx: RouteContext<P>) => Promise<Response>) & { requiredScope: ApiKeyScope };

/**
 * Public REST API (/api/v1): a workspace API key in `Authorization: Bearer`
 * that holds `scope`, within its per-minute limit. Every route names the
 * scope it needs: reads (including segment counts) "read", data changes
 * "write", messages to customers "send". Given `{ body, maxBodyBytes }`, the
 * JSON body is read and parsed with that schema once the request is counted,
 * and the handler receives it typed as the schema's output.
 */
export function withApiKey<P extends object, S extends z.ZodType>(
  scope: ApiKeyScope,
  handler: (req: NextRequest, principal: ApiKeyPrincipal, params: P, body: z.output<S>) => Promise<Response>,
  options: JsonBodySpec<S>,
): ApiKeyRoute<P>;
export function withApiKey<P extends object = Record<string, never>>(
  scope: ApiKeyScope,
  handler: (req: NextRequest, principal: ApiKeyPrincipal, params: P) => Promise<Response>,
): ApiKeyRoute<P>;
export function withApiKey<P extends object>(
  scope: ApiKeyScope,
  handler: (req: NextRequest, principal: ApiKeyPrincipal, params: P, body: unknown) => Promise<Response>,
  options?: JsonBodySpec<z.ZodType>,
): ApiKeyRoute<P> {
  const route = async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    let principal: ApiKeyPrincipal;
    try {
      principal = await authenticateApiKey(req.headers.get("authorization"), scope);
    } catch (err) {
      return errorResponse(err);
    }
    const decision = await takeApiKeyRequest(principal, scope);
    if (!decision.allowed) return refusal(decision);
    let res: Response;
    try {
      const body = options ? await readBody(req, options) : undefined;
      res = await handler(req, principal, await ctx.params, body);
    } catch (err) {
      res = errorResponse(err);
    }
    if (decision.counted) for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.headers.set(name, value);
    return res;
  };
  // Readable on the exported handler, so the OpenAPI test can hold the documented scope to the enforced one.
  return Object.assign(route, { requiredScope: scope });
}
