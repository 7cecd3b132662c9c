import { forbidden, notFound, redirect } from "next/navigation";
import { decideAccess, isPossibleWorkspaceSlug, type WorkspaceAccess } from "../auth/resolve-access.ts";
import type { Action } from "../auth/permissions.ts";
import { isAppError } from "../errors.ts";
import { pageSignedInUser } from "./page-session.ts";

/**
 * Guard for server components (pages and layouts) under /w/[workspace].
 * Not signed in → sign-in page; not a member → 404; role lacks the action → 403.
 * The session, the user and their memberships are read once per request (page-session.ts);
 * the decision is made on every call, for the action each caller names.
 */
export async function pageAccess(workspaceSlug: string, action: Action): Promise<WorkspaceAccess> {
  const user = await pageSignedInUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/w/${workspaceSlug}`)}`);
  if (!isPossibleWorkspaceSlug(workspaceSlug)) notFound();
  try {
    return decideAccess(
      user.id,
      user.memberships.find((m) => m.workspace.slug === workspaceSlug),
      action,
    );
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    throw err;
  }
}
