import { expect, test } from "@playwright/test";
import { rolesFor } from "../../lib/auth/permissions.ts";
import { pathParams, probeableEntries, type RouteEntry } from "./route-inventory.ts";
import { closeDb, withDb } from "./support/database.ts";
import { anonymous, probe, targetsOf, throwawayTargets, type Answer } from "./support/probe.ts";
import { ROLES, insertApiKey, worldFor, type Role, type World } from "./support/security-world.ts";

/**
 * Role × route: every door in the inventory, asked by each role of workspace
 * A, by nobody, and (for the public API) with no key or another workspace's
 * ids. Forbidden roles see 403 (pages: the 403 page), allowed roles reach the
 * handler, strangers are sent to sign in.
 */
let world: World;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await worldFor("role-matrix", test.info().project.use.baseURL!);
});

test.afterAll(closeDb);

function describe(entry: RouteEntry): string {
  return entry.kind === "action" ? `action ${entry.name} on ${entry.path}` : `${entry.method} ${entry.path}`;
}

function show(answer: Answer): string {
  return `${answer.status} ${answer.action ? JSON.stringify(answer.action) : answer.body.slice(0, 300)}`;
}

function requiredAction(entry: RouteEntry) {
  const a = entry.access;
  return a.door === "withWorkspace" || a.door === "pageAccess" || a.door === "workspaceAction" ? a.action : null;
}

async function asRole(entry: RouteEntry, role: Role): Promise<Answer> {
  const t = world.a;
  const targets = entry.mutates ? await throwawayTargets(entry, t) : targetsOf(t);
  return probe(t.sessions[role], entry, { targets });
}

for (const entry of probeableEntries()) {
  test(describe(entry), async () => {
    const action = requiredAction(entry);
    if (action) {
      const allowed = rolesFor(action);
      for (const role of ROLES) {
        const answer = await asRole(entry, role);
        const label = `${role} → ${describe(entry)}: ${show(answer)}`;
        if (allowed.includes(role)) {
          expect([401, 403, 404], label).not.toContain(answer.status);
          expect(answer.status, label).toBeLessThan(500);
        } else {
          expect(answer.status, label).toBe(403);
          if (entry.kind === "page") expect(answer.body, label).toContain("Your role cannot open this page");
        }
      }
      const stranger = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(world.a) });
      const label = `signed out → ${describe(entry)}: ${show(stranger)}`;
      if (entry.kind === "page") {
        expect([302, 303, 307], label).toContain(stranger.status);
        expect(stranger.headers.get("location") ?? "", label).toMatch(/^(https?:\/\/[^/]+)?\/signin(\?|$)/);
      } else {
        expect(stranger.status, label).toBe(401);
        if (entry.kind === "handler") expect(JSON.parse(stranger.body), label).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
        else expect(stranger.action?.code, label).toBe("UNAUTHENTICATED");
      }
      return;
    }

    if (entry.access.door === "withApiKey") {
      const scope = entry.access.scope;
      const a = world.a;
      const noKey = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(a) });
      expect(noKey.status, `no key → ${describe(entry)}: ${show(noKey)}`).toBe(401);
      const wrongKey = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(a), apiKey: "vl_live_not-a-key" });
      expect(wrongKey.status, `unknown key → ${describe(entry)}: ${show(wrongKey)}`).toBe(401);
      const own = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(a), apiKey: a.apiKey });
      const label = `A's key → ${describe(entry)}: ${show(own)}`;
      expect([401, 403, 404], label).not.toContain(own.status);
      expect(own.status, label).toBeLessThan(500);
      const others = ["read", "write", "send"].filter((s) => s !== scope);
      const narrow = await withDb((c) => insertApiKey(c, a.id, `without ${scope}`, others));
      const unscoped = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(a), apiKey: narrow.plaintext });
      expect(unscoped.status, `key with ${others.join("+")} only → ${describe(entry)}: ${show(unscoped)}`).toBe(403);
      if (pathParams(entry.path).length > 0) {
        const foreign = await probe(anonymous(world.baseURL), entry, { targets: targetsOf(world.b), apiKey: a.apiKey });
        expect(foreign.status, `A's key, B's ids → ${describe(entry)}: ${show(foreign)}`).toBe(404);
      }
      return;
    }

    // A signed door refuses every request without its signature: a session is no credential there.
    if (entry.access.door === "signed") {
      for (const session of [anonymous(world.baseURL), world.a.sessions.ADMIN]) {
        const answer = await probe(session, entry, { targets: targetsOf(world.a) });
        expect(answer.status, `unsigned → ${describe(entry)}: ${show(answer)}`).toBe(401);
      }
      return;
    }

    // Public doors answer anyone, signed in or not, without an error.
    for (const session of [anonymous(world.baseURL), world.a.sessions.ANALYST]) {
      const answer = await probe(session, entry, { targets: targetsOf(world.a) });
      expect(answer.status, `${describe(entry)}: ${show(answer)}`).toBeLessThan(400);
    }
  });
}
