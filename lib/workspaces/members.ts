import { randomUUID } from "node:crypto";
import type pg from "pg";
import { audit } from "../audit.ts";
import { hashPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { endAllSessions } from "../auth/session-version.ts";
import { db } from "../db/client.ts";
import { withTransaction } from "../db/transaction.ts";
import type { Role } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";
import type { AddMemberInput } from "./members.schema.ts";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  since: Date;
}

export interface AddedMember extends MemberRow {
  /** A new account was created, so the admin has an initial password to hand over. */
  createdAccount: boolean;
}

export async function listMembers(workspaceId: number): Promise<MemberRow[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role, since: r.createdAt }));
}

/**
 * Adds a person to the workspace. A new email gets an account with the given
 * initial password (argon2id; without one it is refused, nothing created); an
 * existing account is only given a membership, its password untouched.
 * Adding someone who is already a member is a CONFLICT.
 */
export async function addMember(workspaceId: number, actorUserId: string, input: AddMemberInput): Promise<AddedMember> {
  const known = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!known && !input.password) {
    throw new AppError("VALIDATION", `No account uses ${input.email} yet: set an initial password (12+ characters) for it.`);
  }
  // The schema checks this too; repeated here because this is where an account gets its password.
  const problem = known || !input.password ? null : passwordProblem(input.password, input.email);
  if (problem) throw new AppError("VALIDATION", `Initial password: ${problem}`);
  // Hashing is deliberately slow: only for an account about to be created.
  const passwordHash = known ? null : await hashPassword(input.password!);
  return withTransaction(async (client) => {
    let createdAccount = false;
    const found = await client.query<{ id: string; email: string; name: string }>(`SELECT id, email, name FROM app_user WHERE email = $1::text`, [input.email]);
    let user = found.rows[0];
    if (!user) {
      // Created between the two lookups without a password to give: refuse rather than invent one.
      if (!passwordHash) throw new AppError("CONFLICT", "That account changed meanwhile; try again.");
      // User ids are opaque text; a random UUID is as unguessable as any other form.
      const created = await client.query<{ id: string; email: string; name: string }>(
        `INSERT INTO app_user (id, email, name, password_hash) VALUES ($1::text, $2::text, $3::text, $4::text) RETURNING id, email, name`,
        [randomUUID(), input.email, input.name, passwordHash],
      );
      user = created.rows[0]!;
      createdAccount = true;
    }
    const existing = await client.query(`SELECT 1 FROM membership WHERE workspace_id = $1::int4 AND user_id = $2::text`, [workspaceId, user.id]);
    if (existing.rowCount !== 0) throw new AppError("CONFLICT", `${input.email} is already a member of this workspace.`);
    const inserted = await client.query<{ role: Role; created_at: Date }>(
      `INSERT INTO membership (workspace_id, user_id, role) VALUES ($1::int4, $2::text, $3::"Role") RETURNING role, created_at`,
      [workspaceId, user.id, input.role],
    );
    const membership = inserted.rows[0]!;
    await audit(client, { workspaceId, actorUserId, action: "member.add", targetType: "user", targetId: user.id, metadata: { role: input.role } });
    return { userId: user.id, email: user.email, name: user.name, role: membership.role, since: membership.created_at, createdAccount };
  });
}

/** The workspace must always keep an admin, or nobody could manage it any more. */
async function assertAdminRemains(client: pg.PoolClient, workspaceId: number, leavingUserId: string) {
  const admins = await client.query<{ n: number }>(
    `SELECT count(*)::int4 AS n FROM membership WHERE workspace_id = $1::int4 AND role = 'ADMIN' AND user_id <> $2::text`,
    [workspaceId, leavingUserId],
  );
  if (admins.rows[0]!.n === 0) throw new AppError("CONFLICT", "A workspace needs at least one admin. Make someone else an admin first.");
}

/** Locks the workspace's memberships so two admins demoting or removing each other cannot both succeed; returns the member's row. */
async function lockMembership(client: pg.PoolClient, workspaceId: number, userId: string): Promise<{ id: number; role: Role }> {
  await client.query(`SELECT id FROM membership WHERE workspace_id = $1::int4 FOR UPDATE`, [workspaceId]);
  const found = await client.query<{ id: number; role: Role }>(`SELECT id, role FROM membership WHERE workspace_id = $1::int4 AND user_id = $2::text`, [
    workspaceId,
    userId,
  ]);
  const membership = found.rows[0];
  if (!membership) throw new AppError("NOT_FOUND", "That person is not a member of this workspace.");
  return membership;
}

export async function changeMemberRole(workspaceId: number, actorUserId: string, userId: string, role: Role): Promise<void> {
  await withTransaction(async (client) => {
    const membership = await lockMembership(client, workspaceId, userId);
    if (membership.role === role) return;
    if (membership.role === "ADMIN") await assertAdminRemains(client, workspaceId, userId);
    await client.query(`UPDATE membership SET role = $1::"Role" WHERE id = $2::int4`, [role, membership.id]);
    await audit(client, { workspaceId, actorUserId, action: "member.role", targetType: "user", targetId: userId, metadata: { from: membership.role, to: role } });
  });
}

export async function removeMember(workspaceId: number, actorUserId: string, userId: string): Promise<void> {
  await withTransaction(async (client) => {
    const membership = await lockMembership(client, workspaceId, userId);
    if (membership.role === "ADMIN") await assertAdminRemains(client, workspaceId, userId);
    await client.query(`DELETE FROM membership WHERE id = $1::int4`, [membership.id]);
    // Someone left with no workspace has no business being signed in: end their sessions. The user
    // row lock makes two removals from their last two workspaces see each other's delete.
    await client.query(`SELECT id FROM app_user WHERE id = $1::text FOR UPDATE`, [userId]);
    const remaining = await client.query(`SELECT 1 FROM membership WHERE user_id = $1::text LIMIT 1`, [userId]);
    if (remaining.rowCount === 0) await endAllSessions(client, userId);
    await audit(client, { workspaceId, actorUserId, action: "member.remove", targetType: "user", targetId: userId, metadata: { role: membership.role } });
  });
}
