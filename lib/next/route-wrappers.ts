import type { NextRequest } from "next/server";
import { authenticateApiKey, type ApiKeyPrincipal } from "../auth/api-keys.ts";
import type { Action } from "../auth/permissions.ts";
import { resolveAccess, type WorkspaceAccess } from "../auth/resolve-access.ts";
import { AppError } from "../errors.ts";
import { errorResponse } from "./error-response.ts";
import { getSessionUserId } from "./session.ts";

type RouteContext<P> = { params: Promise<P> };

/**
 * Route handlers under /api/w/[workspace]/... used by the browser: signed-in
 * session, membership and role checked before the handler runs; errors mapped.
 */
export function withWorkspace<P extends { workspace: string }>(
  action: Action,
  handler: (req: NextRequest, access: WorkspaceAccess, params: P) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const params = await ctx.params;
      const userId = await getSessionUserId();
      if (!userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
      const access = await resolveAccess(userId, params.workspace, action);
      return await handler(req, access, params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Public REST API (/api/v1): a workspace API key in `Authorization: Bearer`. */
export function withApiKey<P extends object = Record<string, never>>(
  handler: (req: NextRequest, principal: ApiKeyPrincipal, params: P) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const principal = await authenticateApiKey(req.headers.get("authorization"));
      return await handler(req, principal, await ctx.params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Reads a JSON body with a size cap, so a huge payload is a clear 413 rather than memory pressure. */
export async function readJson(req: Request, maxBytes = 10 * 1024 * 1024): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  if (!text.trim()) throw new AppError("VALIDATION", "Request body is empty; send a JSON object.");
  return JSON.parse(text) as unknown;
}
