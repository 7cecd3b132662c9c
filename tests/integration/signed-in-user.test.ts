import { describe, expect, it } from "vitest";
import { ACTIONS } from "../../lib/auth/permissions.ts";
import { decideAccess, resolveAccess } from "../../lib/auth/resolve-access.ts";
import { readSignedInUser } from "../../lib/auth/signed-in-user.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

/** What a page decides for (user, workspace, action) from the one per-request read, as the error code or "OK". */
async function pageDecision(userId: string, sessionVersion: number, slug: string, action: (typeof ACTIONS)[number]): Promise<string> {
  const user = await readSignedInUser(userId, sessionVersion);
  if (!user) return "SIGNED_OUT";
  try {
    decideAccess(user.id, user.memberships.find((m) => m.workspace.slug === slug), action);
    return "OK";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** The route wrappers' path (resolveAccess: its own membership query), the oracle for the page's. */
async function routeDecision(userId: string, slug: string, action: (typeof ACTIONS)[number]): Promise<string> {
  try {
    await resolveAccess(userId, slug, action);
    return "OK";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe("readSignedInUser (what each page reads once per request)", () => {
  it("decides every role, action and workspace exactly as the route wrappers do", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    for (const role of ["ADMIN", "MARKETER", "ANALYST"] as const) {
      const user = await createUser(a.id, role);
      for (const slug of [a.slug, b.slug, "no-such-workspace"]) {
        for (const action of ACTIONS) {
          expect(await pageDecision(user.id, 0, slug, action), `${role} ${slug} ${action}`).toBe(await routeDecision(user.id, slug, action));
        }
      }
    }
  });

  it("is null for a session whose version the user has moved past (signed out everywhere, password changed)", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "ADMIN");
    expect(await readSignedInUser(user.id, 0)).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await readSignedInUser(user.id, 0)).toBeNull();
    expect((await readSignedInUser(user.id, 1))?.email).toBe(user.email);
    expect(await readSignedInUser(user.id, undefined)).toBeNull();
    expect(await readSignedInUser(undefined, 1)).toBeNull();
    expect(await readSignedInUser("no-such-user", 0)).toBeNull();
  });

  it("lists the user's own workspaces by name with their role, currency and zone, and none of anyone else's", async () => {
    const zebra = await createWorkspace({ name: "Zebra shop", currency: "EUR", timezone: "Europe/Berlin" });
    const apple = await createWorkspace({ name: "Apple shop" });
    const other = await createWorkspace({ name: "Another shop" });
    const user = await createUser(zebra.id, "ANALYST");
    await db.membership.create({ data: { workspaceId: apple.id, userId: user.id, role: "ADMIN" } });
    await createUser(other.id, "ADMIN");
    const read = await readSignedInUser(user.id, 0);
    expect(read?.name).toBe("ANALYST user");
    expect(read?.memberships).toEqual([
      { role: "ADMIN", workspace: { id: apple.id, slug: apple.slug, name: "Apple shop", currency: "USD", timezone: "UTC" } },
      { role: "ANALYST", workspace: { id: zebra.id, slug: zebra.slug, name: "Zebra shop", currency: "EUR", timezone: "Europe/Berlin" } },
    ]);
  });

  it("still knows a signed-in user who belongs to no workspace, and drops a removed membership at the next read", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "MARKETER");
    expect(await pageDecision(user.id, 0, ws.slug, "customers.read")).toBe("OK");
    await db.membership.deleteMany({ where: { userId: user.id } });
    expect(await pageDecision(user.id, 0, ws.slug, "customers.read")).toBe("NOT_FOUND");
    expect((await readSignedInUser(user.id, 0))?.memberships).toEqual([]);
  });
});
