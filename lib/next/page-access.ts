import { forbidden, notFound, redirect } from "next/navigation";
import { decideAccess, isPossibleWorkspaceSlug, type WorkspaceAccess } from "../auth/resolve-access.ts";
import type { Action } from "../auth/permissions.ts";
import { isAppError } from "../errors.ts";
import { pageMemberships, pageSessionUser } from "./page-session.ts";

/**
 * Guard for server components (pages and layouts) under /w/[workspace].
 * Not signed in → sign-in page; not a member → 404; role lacks the action → 403.
 * The session and memberships are read once per request (page-session.ts);
 * the decision is made on every call, for the action each caller names.
 */
export async function pageAccess(workspaceSlug: string, action: Action): Promise<WorkspaceAccess> {
  const user = await pageSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/w/${workspaceSlug}`)}`);
  if (!isPossibleWorkspaceSlug(workspaceSlug)) notFound();
  const memberships = await pageMemberships(user.id);
  try {
    return decideAccess(
      user.id,
      memberships.find((m) => m.workspace.slug === workspaceSlug),
      action,
    );
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    throw err;
  }
}
