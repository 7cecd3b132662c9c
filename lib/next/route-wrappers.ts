import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Action } from "../auth/permissions.ts";
import { resolveAccess, type WorkspaceAccess } from "../auth/resolve-access.ts";
import { AppError } from "../errors.ts";
import { errorResponse } from "./error-response.ts";
import { readBody, type JsonBodySpec } from "./read-body.ts";
import { assertSameOriginMutation } from "./same-origin.ts";
import { getSessionUserId } from "./session.ts";

type RouteContext<P> = { params: Promise<P> };

export interface WorkspaceRouteOptions {
  /** Media types the route accepts as a body (default: JSON only). */
  bodyTypes?: readonly string[];
}

const JSON_BODY = ["application/json"] as const;

type WorkspaceRoute<P> = (req: NextRequest, ctx: RouteContext<P>) => Promise<Response>;

/**
 * Route handlers under /api/w/[workspace]/... used by the browser: a change
 * must come from our own origin (CSRF), then the signed-in session,
 * membership and role are checked before the handler runs; errors mapped.
 *
 * Given `{ body, maxBodyBytes }`, the JSON body is read and parsed with that
 * schema only after access is granted (a non-member learns nothing from a
 * 422), and the handler receives it typed as the schema's output. Such a
 * route parses its path ids with `params` (the handler receives what it
 * returns), so an id that cannot exist is a 404 before the body is read, as
 * it is on routes without a body.
 */
export function withWorkspace<P extends { workspace: string }, S extends z.ZodType, Q = P>(
  action: Action,
  handler: (req: NextRequest, access: WorkspaceAccess, params: NoInfer<Q>, body: z.output<S>) => Promise<Response>,
  options: WorkspaceRouteOptions & JsonBodySpec<S> & { params?: (raw: P) => Q },
): WorkspaceRoute<P>;
export function withWorkspace<P extends { workspace: string }>(
  action: Action,
  handler: (req: NextRequest, access: WorkspaceAccess, params: P) => Promise<Response>,
  options?: WorkspaceRouteOptions,
): WorkspaceRoute<P>;
export function withWorkspace<P extends { workspace: string }>(
  action: Action,
  handler: (req: NextRequest, access: WorkspaceAccess, params: unknown, body: unknown) => Promise<Response>,
  options: WorkspaceRouteOptions & ({ body?: undefined } | JsonBodySpec<z.ZodType>) & { params?: (raw: P) => unknown } = {},
): WorkspaceRoute<P> {
  return async (req, ctx) => {
    try {
      assertSameOriginMutation(req, options.bodyTypes ?? JSON_BODY);
      const params = await ctx.params;
      const userId = await getSessionUserId();
      if (!userId) throw new AppError("UNAUTHENTICATED", "Sign in first.");
      const access = await resolveAccess(userId, params.workspace, action);
      const routeParams = options.params ? options.params(params) : params;
      const body = options.body ? await readBody(req, options) : undefined;
      return await handler(req, access, routeParams, body);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
