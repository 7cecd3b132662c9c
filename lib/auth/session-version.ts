import type pg from "pg";
import { db } from "../db/client.ts";

/**
 * Session tokens are signed cookies that live 12 hours; without a server-side
 * check a copied cookie would outlive sign-out. Each token carries the user's
 * session version from sign-in, and a token is honoured only while it still
 * matches app_user.session_version. Raising the version ends every session the
 * user has (all browsers and devices).
 */
declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    /** The version the session's token was issued with. */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
  }
}

/**
 * The user id when the session is still current, else null: one primary-key
 * read per request. A token without a version predates versions and is not
 * honoured (its holder signs in again).
 */
export async function currentSessionUserId(userId: string | undefined, sessionVersion: number | undefined): Promise<string | null> {
  if (!userId || typeof sessionVersion !== "number") return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion === sessionVersion ? userId : null;
}

/**
 * Ends every session of the user (password change, removal from the last
 * workspace), in the transaction of the change that calls for it.
 */
export async function endAllSessions(client: pg.PoolClient, userId: string): Promise<void> {
  await client.query(`UPDATE app_user SET session_version = session_version + 1 WHERE id = $1::text`, [userId]);
}

/**
 * Sign-out: ends the user's sessions, but only when the token signing out is
 * still current, so a stale copied cookie cannot be used to sign the real
 * user out again and again.
 */
export async function endSessionsOnSignOut(userId: string | undefined, sessionVersion: number | undefined): Promise<void> {
  if (!userId || typeof sessionVersion !== "number") return;
  await db.user.updateMany({ where: { id: userId, sessionVersion }, data: { sessionVersion: { increment: 1 } } });
}
