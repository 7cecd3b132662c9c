import { audit } from "../audit.ts";
import { hashPassword } from "../auth/password.ts";
import { passwordProblem } from "../auth/password-policy.ts";
import { endAllSessions } from "../auth/session-version.ts";
import { db } from "../db/client.ts";
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
  const select = { id: true, email: true, name: true } as const;
  const known = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!known && !input.password) {
    throw new AppError("VALIDATION", `No account uses ${input.email} yet: set an initial password (12+ characters) for it.`);
  }
  // The schema checks this too; repeated here because this is where an account gets its password.
  const problem = known || !input.password ? null : passwordProblem(input.password, input.email);
  if (problem) throw new AppError("VALIDATION", `Initial password: ${problem}`);
  // Hashing is deliberately slow: only for an account about to be created.
  const passwordHash = known ? null : await hashPassword(input.password!);
  return db.$transaction(async (tx) => {
    let createdAccount = false;
    let user = await tx.user.findUnique({ where: { email: input.email }, select });
    if (!user) {
      // Created between the two lookups without a password to give: refuse rather than invent one.
      if (!passwordHash) throw new AppError("CONFLICT", "That account changed meanwhile; try again.");
      user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select });
      createdAccount = true;
    }
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } } });
    if (existing) throw new AppError("CONFLICT", `${input.email} is already a member of this workspace.`);
    const membership = await tx.membership.create({ data: { workspaceId, userId: user.id, role: input.role } });
    await audit({ workspaceId, actorUserId, action: "member.add", targetType: "user", targetId: user.id, metadata: { role: input.role } }, tx);
    return { userId: user.id, email: user.email, name: user.name, role: membership.role, since: membership.createdAt, createdAccount };
  });
}

/** The workspace must always keep an admin, or nobody could manage it any more. */
async function assertAdminRemains(tx: Pick<typeof db, "membership">, workspaceId: number, leavingUserId: string) {
  const admins = await tx.membership.count({ where: { workspaceId, role: "ADMIN", userId: { not: leavingUserId } } });
  if (admins === 0) throw new AppError("CONFLICT", "A workspace needs at least one admin. Make someone else an admin first.");
}

export async function changeMemberRole(workspaceId: number, actorUserId: string, userId: string, role: Role): Promise<void> {
  await db.$transaction(async (tx) => {
    // Lock the workspace's memberships so two admins demoting each other cannot both succeed.
    await tx.$queryRaw`SELECT id FROM membership WHERE workspace_id = ${workspaceId} FOR UPDATE`;
    const membership = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (!membership) throw new AppError("NOT_FOUND", "That person is not a member of this workspace.");
    if (membership.role === role) return;
    if (membership.role === "ADMIN") await assertAdminRemains(tx, workspaceId, userId);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await audit({ workspaceId, actorUserId, action: "member.role", targetType: "user", targetId: userId, metadata: { from: membership.role, to: role } }, tx);
  });
}

export async function removeMember(workspaceId: number, actorUserId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM membership WHERE workspace_id = ${workspaceId} FOR UPDATE`;
    const membership = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (!membership) throw new AppError("NOT_FOUND", "That person is not a member of this workspace.");
    if (membership.role === "ADMIN") await assertAdminRemains(tx, workspaceId, userId);
    await tx.membership.delete({ where: { id: membership.id } });
    // Someone left with no workspace has no business being signed in: end their sessions. The user
    // row lock makes two removals from their last two workspaces see each other's delete.
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${userId} FOR UPDATE`;
    if ((await tx.membership.count({ where: { userId } })) === 0) await endAllSessions(userId, tx);
    await audit({ workspaceId, actorUserId, action: "member.remove", targetType: "user", targetId: userId, metadata: { role: membership.role } }, tx);
  });
}
