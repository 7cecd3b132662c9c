import { forbidden, notFound, redirect } from "next/navigation";
import { resolveAccess, type WorkspaceAccess } from "../auth/resolve-access.ts";
import type { Action } from "../auth/permissions.ts";
import { isAppError } from "../errors.ts";
import { getSessionUserId } from "./session.ts";

/**
 * Guard for server components (pages and layouts) under /w/[workspace].
 * Not signed in → sign-in page; not a member → 404; role lacks the action → 403.
 */
export async function pageAccess(workspaceSlug: string, action: Action): Promise<WorkspaceAccess> {
  const userId = await getSessionUserId();
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(`/w/${workspaceSlug}`)}`);
  try {
    return await resolveAccess(userId, workspaceSlug, action);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    throw err;
  }
}
