import { getServerSession } from "next-auth";
import { authOptions } from "../auth/auth-options.ts";
import { currentSessionUserId } from "../auth/session-version.ts";

/**
 * The signed-in user's id, or null. The one place the app reads the session.
 * A token issued before the user's sessions were ended (sign-out, password
 * change, removal from the last workspace) counts as signed out.
 */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return currentSessionUserId(session?.user?.id, session?.sessionVersion);
}
