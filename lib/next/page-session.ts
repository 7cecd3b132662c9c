import { cache } from "react";
import { readSignedInUser } from "../auth/signed-in-user.ts";
import { getSessionClaims } from "./session.ts";

/**
 * Who is asking, read once per page render: the session token, the user (its
 * session version, name and email) and their memberships. The workspace
 * layout and the page under it each need all of it; without this every page
 * view decoded the session token twice and sent seven queries before reading
 * any data, most of the server's CPU per page at 20 concurrent users.
 *
 * React's `cache` memoises only within one server render (one request): the
 * next request, and a server action (which runs outside the render), read
 * afresh, so a sign-out, a password change or a removed membership still
 * takes effect on the very next request.
 */
export const pageSignedInUser = cache(async () => {
  const { userId, sessionVersion } = await getSessionClaims();
  return readSignedInUser(userId, sessionVersion);
});
