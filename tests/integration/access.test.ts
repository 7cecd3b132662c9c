import { describe, expect, it } from "vitest";
import { createApiKey, authenticateApiKey, revokeApiKey } from "../../lib/auth/api-keys.ts";
import { ACTIONS, can } from "../../lib/auth/permissions.ts";
import { resolveAccess } from "../../lib/auth/resolve-access.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
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

describe("resolveAccess", () => {
  it("lets each role do exactly what the role matrix allows, and refuses the rest on the server", async () => {
    const ws = await createWorkspace();
    for (const role of ["ADMIN", "MARKETER", "ANALYST"] as const) {
      const user = await createUser(ws.id, role);
      for (const action of ACTIONS) {
        expect(await codeOf(resolveAccess(user.id, ws.slug, action)), `${role} ${action}`).toBe(can(role, action) ? "OK" : "FORBIDDEN");
      }
    }
  });

  it("keeps the product's promises per role", () => {
    expect(can("ANALYST", "segments.write")).toBe(true);
    expect(can("ANALYST", "campaigns.write")).toBe(false);
    expect(can("ANALYST", "data.import")).toBe(false);
    expect(can("MARKETER", "campaigns.write")).toBe(true);
    expect(can("MARKETER", "users.manage")).toBe(false);
    expect(can("MARKETER", "apikeys.manage")).toBe(false);
    expect(can("ANALYST", "jobs.read")).toBe(true);
    expect(can("MARKETER", "jobs.manage")).toBe(false);
    expect(can("ANALYST", "jobs.manage")).toBe(false);
    for (const action of ACTIONS) expect(can("ADMIN", action)).toBe(true);
  });

  it("answers NOT_FOUND (never FORBIDDEN) for a workspace the user is not a member of, even as admin elsewhere", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminOfA = await createUser(a.id, "ADMIN");
    expect(await codeOf(resolveAccess(adminOfA.id, b.slug, "workspace.read"))).toBe("NOT_FOUND");
    expect(await codeOf(resolveAccess(adminOfA.id, b.slug, "settings.manage"))).toBe("NOT_FOUND");
    // Same answer as for a workspace that does not exist at all: nothing leaks.
    expect(await codeOf(resolveAccess(adminOfA.id, "no-such-workspace", "workspace.read"))).toBe("NOT_FOUND");
  });

  it("stops access as soon as a membership is removed", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "MARKETER");
    expect(await codeOf(resolveAccess(user.id, ws.slug, "customers.read"))).toBe("OK");
    await db.membership.deleteMany({ where: { userId: user.id, workspaceId: ws.id } });
    expect(await codeOf(resolveAccess(user.id, ws.slug, "customers.read"))).toBe("NOT_FOUND");
  });
});

describe("API keys", () => {
  it("are stored hashed, resolve to their own workspace, and stop working when revoked", async () => {
    const ws = await createWorkspace();
    const key = await createApiKey(ws.id, { name: "shop sync", scopes: ["read"] }, null);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.keyHash).not.toContain(key.plaintext);
    expect(JSON.stringify(stored)).not.toContain(key.plaintext.slice(12));
    expect(await authenticateApiKey(`Bearer ${key.plaintext}`, "read")).toMatchObject({ apiKeyId: key.id, workspaceId: ws.id });
    await revokeApiKey(ws.id, key.id);
    expect(await codeOf(authenticateApiKey(`Bearer ${key.plaintext}`, "read"))).toBe("UNAUTHENTICATED");
  });

  it("cannot be revoked from another workspace", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const key = await createApiKey(a.id, { name: "a key", scopes: ["read"] }, null);
    expect(await codeOf(revokeApiKey(b.id, key.id))).toBe("NOT_FOUND");
    expect((await authenticateApiKey(`Bearer ${key.plaintext}`, "read")).workspaceId).toBe(a.id);
  });

  it("rejects missing, malformed and unknown keys", async () => {
    expect(await codeOf(authenticateApiKey(null, "read"))).toBe("UNAUTHENTICATED");
    expect(await codeOf(authenticateApiKey("Basic abc", "read"))).toBe("UNAUTHENTICATED");
    expect(await codeOf(authenticateApiKey("Bearer vl_live_doesnotexist", "read"))).toBe("UNAUTHENTICATED");
  });
});
