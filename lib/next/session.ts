import { getServerSession } from "next-auth";
import { authOptions } from "../auth/auth-options.ts";
import { currentSessionUserId } from "../auth/session-version.ts";

/**
 * The signed-in user's id, or null. The one place the app reads the session.
 * A token issued before the user's sessions were ended (sign-out, password
 * change, removal from the last workspace) counts as signed out.
 */
export async function getSessionUserId(): Promise<string | null> {
  const { userId, sessionVersion } = await getSessionClaims();
  return currentSessionUserId(userId, sessionVersion);
}

/**
 * What the session token claims, unchecked: who, and the session version it
 * was issued at. Callers must compare the version with the user's own
 * (currentSessionUserId, or readSignedInUser for pages, which does it in the
 * same statement that reads the memberships).
 */
export async function getSessionClaims(): Promise<{ userId: string | undefined; sessionVersion: number | undefined }> {
  const session = await getServerSession(authOptions);
  return { userId: session?.user?.id, sessionVersion: session?.sessionVersion };
}
