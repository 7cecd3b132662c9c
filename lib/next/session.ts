import { getServerSession } from "next-auth";
import { authOptions } from "../auth/auth-options.ts";

/** The signed-in user's id, or null. The one place the app reads the session. */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ?? null;
}
