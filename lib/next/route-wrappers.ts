import type { NextRequest } from "next/server";
import type { Action } from "../auth/permissions.ts";
import { resolveAccess, type WorkspaceAccess } from "../auth/resolve-access.ts";
import { AppError } from "../errors.ts";
import { errorResponse } from "./error-response.ts";
import { assertSameOriginMutation } from "./same-origin.ts";
import { getSessionUserId } from "./session.ts";

type RouteContext<P> = { params: Promise<P> };

export interface WorkspaceRouteOptions {
  /** Media types the route accepts as a body (default: JSON only). */
  bodyTypes?: readonly string[];
}

const JSON_BODY = ["application/json"] as const;

/**
 * Route handlers under /api/w/[workspace]/... used by the browser: a change
 * must come from our own origin (CSRF), then the signed-in session,
 * membership and role are checked before the handler runs; errors mapped.
 */
export function withWorkspace<P extends { workspace: string }>(
  action: Action,
  handler: (req: NextRequest, access: WorkspaceAccess, params: P) => Promise<Response>,
  options: WorkspaceRouteOptions = {},
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      assertSameOriginMutation(req, options.bodyTypes ?? JSON_BODY);
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
