import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password.ts";
import { resolveAccess } from "../../lib/auth/resolve-access.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { addMemberSchema } from "../../lib/workspaces/members.schema.ts";
import { addMember, changeMemberRole, listMembers, removeMember } from "../../lib/workspaces/members.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe("workspace members", () => {
  it("adds a new person who can then sign in with the initial password and act in their role", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const email = `new-${ws.slug}@example.test`;
    const input = addMemberSchema.parse({ email: ` ${email.toUpperCase()} `, name: "Nia New", role: "ANALYST", password: "a long initial password" });
    const added = await addMember(ws.id, admin.id, input);
    expect(added).toMatchObject({ email, role: "ANALYST" });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword(user.passwordHash, "a long initial password")).toBe(true);
    expect((await resolveAccess(user.id, ws.slug, "segments.write")).role).toBe("ANALYST");
    expect(await codeOf(resolveAccess(user.id, ws.slug, "campaigns.write"))).toBe("FORBIDDEN");
    expect(await codeOf(addMember(ws.id, admin.id, input))).toBe("CONFLICT");
    expect((await listMembers(ws.id)).map((m) => m.email).sort()).toEqual([admin.email, email].sort());
  });

  it("gives an existing account a membership without touching its password or other workspaces", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminB = await createUser(b.id, "ADMIN");
    const person = await createUser(a.id, "MARKETER");
    const before = await db.user.findUniqueOrThrow({ where: { id: person.id } });
    await addMember(b.id, adminB.id, addMemberSchema.parse({ email: person.email, name: "ignored", role: "ANALYST", password: "another password 123" }));
    const after = await db.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect((await resolveAccess(person.id, a.slug, "customers.read")).role).toBe("MARKETER");
    expect((await resolveAccess(person.id, b.slug, "customers.read")).role).toBe("ANALYST");
  });

  it("needs no password for an existing account, and refuses a new email without one, creating nothing", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminB = await createUser(b.id, "ADMIN");
    const person = await createUser(a.id, "MARKETER");
    const added = await addMember(b.id, adminB.id, addMemberSchema.parse({ email: person.email, name: "ignored", role: "ANALYST", password: "" }));
    expect(added).toMatchObject({ email: person.email, createdAccount: false });

    const email = `nobody-yet-${b.slug}@example.test`;
    expect(await codeOf(addMember(b.id, adminB.id, addMemberSchema.parse({ email, name: "Nobody", role: "ANALYST", password: "" })))).toBe("VALIDATION");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    const created = await addMember(b.id, adminB.id, addMemberSchema.parse({ email, name: "Nobody", role: "ANALYST", password: "a long initial password" }));
    expect(created.createdAccount).toBe(true);
  });

  it("refuses a weak initial password, saying why, and creates no account", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const email = `weak-${ws.slug}@example.test`;
    const problemWith = (password: string) => {
      const parsed = addMemberSchema.safeParse({ email, name: "Wes Weak", role: "ANALYST", password });
      return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    };
    expect(problemWith("aaaaaaaaaaaa")).toBe("password: One character repeated is easy to guess. Choose another.");
    expect(problemWith("short")).toBe("password: Use at least 12 characters.");
    expect(problemWith("Password2024!")).toContain("password: A common password with digits or symbols added");
    expect(problemWith("123456789012")).toContain("password: This is one of the most common passwords");
    expect(problemWith(`${email.split("@")[0]}!2026`)).toContain("password: Do not use your email address");
    expect(problemWith("a long initial password")).toBeNull();

    // The domain function refuses it too, for callers that skip the form's schema.
    expect(await codeOf(addMember(ws.id, admin.id, { email, name: "Wes Weak", role: "ANALYST", password: "abcabcabcabc" }))).toBe("VALIDATION");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await listMembers(ws.id)).toHaveLength(1);
  });

  it("never leaves a workspace without an admin", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const marketer = await createUser(ws.id, "MARKETER");
    expect(await codeOf(changeMemberRole(ws.id, admin.id, admin.id, "ANALYST"))).toBe("CONFLICT");
    expect(await codeOf(removeMember(ws.id, admin.id, admin.id))).toBe("CONFLICT");
    await changeMemberRole(ws.id, admin.id, marketer.id, "ADMIN");
    await changeMemberRole(ws.id, marketer.id, admin.id, "ANALYST");
    expect((await listMembers(ws.id)).filter((m) => m.role === "ADMIN").map((m) => m.userId)).toEqual([marketer.id]);
    await removeMember(ws.id, marketer.id, admin.id);
    expect(await codeOf(resolveAccess(admin.id, ws.slug, "workspace.read"))).toBe("NOT_FOUND");
    const actions = (await db.auditLog.findMany({ where: { workspaceId: ws.id }, orderBy: { id: "asc" } })).map((l) => l.action);
    expect(actions).toEqual(["member.role", "member.role", "member.remove"]);
  });

  it("cannot change or remove someone of another workspace", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminA = await createUser(a.id, "ADMIN");
    const memberB = await createUser(b.id, "MARKETER");
    expect(await codeOf(changeMemberRole(a.id, adminA.id, memberB.id, "ADMIN"))).toBe("NOT_FOUND");
    expect(await codeOf(removeMember(a.id, adminA.id, memberB.id))).toBe("NOT_FOUND");
    expect((await resolveAccess(memberB.id, b.slug, "customers.read")).role).toBe("MARKETER");
  });
});
