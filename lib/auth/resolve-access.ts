import { db } from "../db/client.ts";
import type { Role } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";
import { can, type Action } from "./permissions.ts";

export interface WorkspaceAccess {
  userId: string;
  role: Role;
  workspace: { id: number; slug: string; name: string; currency: string; timezone: string };
}

/**
 * What a workspace slug can look like (the seed and every creator use
 * lower-case letters, digits and dashes, up to 63 characters; the upper-case
 * letters and underscore are tolerated for slugs made by hand). Anything else
 * (NUL, a 10 kB string, a path with slashes) cannot name a workspace, so it is
 * the same NOT_FOUND as a missing one, without a query.
 */
const POSSIBLE_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isPossibleWorkspaceSlug(slug: unknown): slug is string {
  return typeof slug === "string" && POSSIBLE_SLUG.test(slug);
}

/** A user's membership of one workspace, as the access decision needs it. */
export interface WorkspaceMembership {
  role: Role;
  workspace: WorkspaceAccess["workspace"];
}

/**
 * Decides whether a signed-in user may take `action` in the workspace named by
 * `workspaceSlug`. A workspace the user is not a member of is NOT_FOUND, never
 * FORBIDDEN: its existence must not leak.
 */
export async function resolveAccess(userId: string, workspaceSlug: string, action: Action): Promise<WorkspaceAccess> {
  if (!isPossibleWorkspaceSlug(workspaceSlug)) throw new AppError("NOT_FOUND", "Workspace not found");
  const membership = await db.membership.findFirst({
    where: { userId, workspace: { slug: workspaceSlug } },
    select: {
      role: true,
      workspace: { select: { id: true, slug: true, name: true, currency: true, timezone: true } },
    },
  });
  return decideAccess(userId, membership ?? undefined, action);
}

/**
 * The decision itself, from the membership read for this request (undefined:
 * not a member). Pages read all of the user's memberships once per request
 * (lib/next/page-session.ts) and decide here, like every other entry point.
 */
export function decideAccess(userId: string, membership: WorkspaceMembership | undefined, action: Action): WorkspaceAccess {
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found");
  if (!can(membership.role, action)) {
    throw new AppError("FORBIDDEN", `Your role (${membership.role.toLowerCase()}) may not do this (${action}).`);
  }
  return { userId, role: membership.role, workspace: membership.workspace };
}
