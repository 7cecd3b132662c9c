import type { NextRequest } from "next/server";
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
