import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "../auth/auth-options.ts";
import { listUserWorkspaces } from "../auth/resolve-access.ts";
import { currentSessionUser } from "../auth/session-version.ts";

/**
 * Who is asking, read once per page render. The workspace layout and the page
 * under it each need the session, the user and the membership; without this
 * every page view decoded the session token twice (a key derivation and a
 * decryption each) and sent seven queries before reading any data, which at
 * 20 concurrent users was most of the server's CPU per page.
 *
 * React's `cache` memoises only within one server render (one request): the
 * next request, and a server action (which runs outside the render), read
 * afresh, so a sign-out, a password change or a removed membership still
 * takes effect on the very next request.
 */
export const pageSessionUser = cache(async () => {
  const session = await getServerSession(authOptions);
  return currentSessionUser(session?.user?.id, session?.sessionVersion);
});

/** Every workspace the user belongs to, with role: the access decision and the workspace switcher read the same list. */
export const pageMemberships = cache((userId: string) => listUserWorkspaces(userId));
