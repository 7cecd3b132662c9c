import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authOptions } from "../../lib/auth/auth-options.ts";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials.ts";
import { changePassword } from "../../lib/auth/change-password.ts";
import { changePasswordSchema } from "../../lib/auth/change-password.schema.ts";
import { PEER_HEADER } from "../../lib/auth/client-address.ts";
import { currentSessionUserId } from "../../lib/auth/session-version.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { addMemberSchema } from "../../lib/workspaces/members.schema.ts";
import { addMember, removeMember } from "../../lib/workspaces/members.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

const secret = process.env.NEXTAUTH_SECRET!;
const headers = { [PEER_HEADER]: "192.0.2.44" };

/** Signs in as next-auth does and returns the session cookie's value (an encrypted JWT). */
async function signIn(email: string, password: string): Promise<string> {
  const user = await authorizeCredentials({ email, password }, headers);
  if (!user) throw new Error("sign-in failed");
  const token = await authOptions.callbacks!.jwt!({ token: { email: user.email }, user, account: null });
  return encode({ token, secret });
}

/** What getSessionUserId answers for a request carrying this cookie. */
async function userIdFor(cookie: string): Promise<string | null> {
  const token = await decode({ token: cookie, secret });
  if (!token?.sub) return null;
  // next-auth's own session object before the callback fills it in (no id yet).
  const session = await authOptions.callbacks!.session!({
    session: { user: { id: "", email: token.email }, expires: new Date(Date.now() + 3_600_000).toISOString() },
    token,
    user: { id: token.sub, email: token.email ?? "", emailVerified: null },
    newSession: undefined,
    trigger: "update",
  });
  if (!("sessionVersion" in session)) return null;
  return currentSessionUserId(session.user?.id, session.sessionVersion);
}

async function signOut(cookie: string): Promise<void> {
  const token = await decode({ token: cookie, secret });
  if (!token) throw new Error("undecodable cookie");
  // With JWT sessions next-auth hands the event the decoded token; the session argument is unused.
  await authOptions.events!.signOut!({ token, session: { user: { id: token.sub ?? "" }, expires: "" } });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof AppError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

describe("ending sessions", () => {
  it("signing out ends every session of the user, including a copied cookie; signing in again works", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ANALYST");
    const laptop = await signIn(user.email, user.password);
    const copied = laptop; // e.g. lifted from a shared computer before sign-out
    const phone = await signIn(user.email, user.password);
    expect(await userIdFor(laptop)).toBe(user.id);
    expect(await userIdFor(phone)).toBe(user.id);

    await signOut(laptop);
    expect(await userIdFor(copied)).toBeNull();
    expect(await userIdFor(phone)).toBeNull();

    const fresh = await signIn(user.email, user.password);
    expect(await userIdFor(fresh)).toBe(user.id);
    // Signing out with the old copied cookie does not end the new session.
    await signOut(copied);
    expect(await userIdFor(fresh)).toBe(user.id);
  });

  it("changing the password needs the current one, refuses a weak one, then ends old sessions", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "MARKETER");
    const before = await signIn(user.email, user.password);
    const change = (currentPassword: string, newPassword: string) =>
      codeOf(changePassword(user.id, changePasswordSchema.parse({ currentPassword, newPassword, confirmPassword: newPassword }), "192.0.2.44"));

    expect(await change("not my password", "a fresh and long passphrase")).toBe("VALIDATION: Your current password is not correct.");
    expect(await change(user.password, "aaaaaaaaaaaaaaaa")).toBe("VALIDATION: New password: One character repeated is easy to guess. Choose another.");
    expect(await change(user.password, "Password2024!")).toContain("VALIDATION: New password: A common password");
    expect(await change(user.password, `${user.email.split("@")[0]}-is-me`)).toContain("VALIDATION: New password: Do not use your email address");
    expect(await userIdFor(before)).toBe(user.id); // refused changes change nothing

    expect(await change(user.password, "a fresh and long passphrase")).toBe("OK");
    expect(await userIdFor(before)).toBeNull();
    await expect(signIn(user.email, user.password)).rejects.toThrow("sign-in failed");
    const after = await signIn(user.email, "a fresh and long passphrase");
    expect(await userIdFor(after)).toBe(user.id);
  });

  it("refuses a new password that does not match its confirmation", () => {
    const parsed = changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "a fresh and long passphrase", confirmPassword: "a fresh and long passphrasE" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["confirmPassword", "The two new passwords differ."]]);
  });

  it("removal from the last workspace ends the person's sessions; removal from one of several does not", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminA = await createUser(a.id, "ADMIN");
    const adminB = await createUser(b.id, "ADMIN");
    const person = await createUser(a.id, "ANALYST");
    await addMember(b.id, adminB.id, addMemberSchema.parse({ email: person.email, name: person.name, role: "ANALYST", password: "" }));
    const session = await signIn(person.email, person.password);

    await removeMember(a.id, adminA.id, person.id);
    expect(await userIdFor(session)).toBe(person.id);
    await removeMember(b.id, adminB.id, person.id);
    expect(await userIdFor(session)).toBeNull();

    // Added back later, they sign in afresh.
    await addMember(a.id, adminA.id, addMemberSchema.parse({ email: person.email, name: person.name, role: "ANALYST", password: "" }));
    expect(await userIdFor(await signIn(person.email, person.password))).toBe(person.id);
  });

  it("does not honour a token without a session version (issued before versions existed)", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ANALYST");
    const legacy = await encode({ token: { sub: user.id, email: user.email }, secret });
    expect(await userIdFor(legacy)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(0);
  });
});
