import { pool } from "../db/pool.ts";
import type { Role } from "../db/generated/enums.ts";
import type { WorkspaceMembership } from "./resolve-access.ts";

/** The signed-in user as a page shows them, with every workspace they belong to. */
export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  /** By workspace name: the switcher's order. */
  memberships: WorkspaceMembership[];
}

/**
 * What a page needs to know about who is asking, in one statement: the
 * session-version check of currentSessionUserId (a token issued before the
 * user's sessions were ended is not honoured), the name and email shown in
 * the shell, and the memberships that the access decision and the workspace
 * switcher read. Null when the session is not current. Pages call it once per
 * request (lib/next/page-session.ts); it is the same read every time, so a
 * removed membership or an ended session takes effect on the next request.
 */
export async function readSignedInUser(userId: string | undefined, sessionVersion: number | undefined): Promise<SignedInUser | null> {
  if (!userId || typeof sessionVersion !== "number") return null;
  const { rows } = await pool.query<{
    session_version: number;
    user_name: string;
    email: string;
    role: Role | null;
    workspace_id: number | null;
    slug: string;
    workspace_name: string;
    currency: string;
    timezone: string;
  }>(
    `SELECT u.session_version, u.name AS user_name, u.email,
            m.role, w.id AS workspace_id, w.slug, w.name AS workspace_name, w.currency, w.timezone
       FROM app_user u
       LEFT JOIN membership m ON m.user_id = u.id
       LEFT JOIN workspace w ON w.id = m.workspace_id
      WHERE u.id = $1::text
      ORDER BY w.name, w.id`,
    [userId],
  );
  const first = rows[0];
  if (!first || first.session_version !== sessionVersion) return null;
  const memberships: WorkspaceMembership[] = [];
  for (const r of rows) {
    if (r.role === null || r.workspace_id === null) continue;
    memberships.push({ role: r.role, workspace: { id: r.workspace_id, slug: r.slug, name: r.workspace_name, currency: r.currency, timezone: r.timezone } });
  }
  return { id: userId, name: first.user_name, email: first.email, memberships };
}
