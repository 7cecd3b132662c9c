import type { NextRequest } from "next/server";
import { authenticateApiKey, type ApiKeyPrincipal } from "../auth/api-keys.ts";
import { errorResponse } from "./error-response.ts";

type RouteContext<P> = { params: Promise<P> };

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
