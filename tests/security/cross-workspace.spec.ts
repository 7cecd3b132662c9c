import { expect, test } from "@playwright/test";
import { pathParams, probeableEntries, type RouteEntry } from "./route-inventory.ts";
import { closeDb, withDb } from "./support/database.ts";
import { anonymous, probe, targetOfParam, targetsOf, throwawayTargets, type Answer, type Targets } from "./support/probe.ts";
import { worldFor, type Tenant, type World } from "./support/security-world.ts";
import { quietSnapshot, snapshotDiff, workspaceSnapshot } from "./support/workspace-snapshot.ts";

/**
 * Workspace isolation: another workspace's record asked for under your own
 * workspace is indistinguishable from one that does not exist (same 404, same
 * body), another workspace's slug is indistinguishable from a slug nobody has,
 * and neither changes anything in the other workspace.
 */
let world: World;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await worldFor("cross-workspace", test.info().project.use.baseURL!);
});

test.afterAll(closeDb);

const MISSING: Omit<Targets, "workspace" | "memberUserId" | "failedImportJobId" | "suppressedAddress" | "orderExternalId"> = {
  segment: "2147483000",
  import: "2147483000",
  apiKey: "2147483000",
  customer: "2147483000",
  customerExternalId: "no-such-customer-2147483000",
  productExternalId: "no-such-product-2147483000",
  rfmRun: "2147483000",
  campaign: "2147483000",
  message: "2147483000",
  trackedMessage: "2147483000",
};

interface IdSlot {
  /** Where the id goes: a path parameter or a query parameter. */
  place: "param" | "query";
  name: string;
  target: keyof typeof MISSING;
}

function idSlots(entry: RouteEntry): IdSlot[] {
  const slots: IdSlot[] = pathParams(entry.path)
    .filter((p) => p !== "workspace" && p !== "nextauth")
    .map((name) => ({ place: "param" as const, name, target: targetOfParam(name) as keyof typeof MISSING }));
  for (const [name, value] of Object.entries(entry.query ?? {})) {
    if ("target" in value) slots.push({ place: "query", name, target: value.target });
  }
  return slots;
}

function label(entry: RouteEntry): string {
  return entry.kind === "action" ? `action ${entry.name} on ${entry.path}` : `${entry.method} ${entry.path}`;
}

/**
 * The body with both probed values masked wherever they stand as a whole
 * token (an API may repeat the id it was asked for; a page renders its URL),
 * in both bodies alike, so only a difference in what was found remains. A
 * page streams its React payload rows in whatever order they finish, so they
 * are compared as a sorted list, and its CSP nonce is masked.
 */
function masked(entry: RouteEntry, answer: Answer, values: string[]): string {
  let body = answer.body;
  for (const v of values.flatMap((x) => [x, encodeURIComponent(x)])) {
    body = body.replace(new RegExp(`(?<![\\w-])${v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "g"), "<id>");
  }
  if (entry.kind !== "page") return body;
  // The CSP nonce is fresh on every page.
  body = body.replace(/(nonce=\\?"|\\?"nonce\\?":\\?")[^"\\]+/g, "$1NONCE");
  // Join the payload's script chunks (they are cut wherever the stream flushed), then sort its rows.
  return body.replace(/"\]\)<\/script><script[^>]*>self\.__next_f\.push\(\[1,"/g, "").split("\\n").sort().join("\\n");
}

function sessionOf(entry: RouteEntry, t: Tenant) {
  return entry.access.door === "withApiKey" ? anonymous(world.baseURL) : t.sessions.ADMIN;
}

const sessionDoors = new Set(["withWorkspace", "pageAccess", "workspaceAction"]);
const guarded = probeableEntries().filter((e) => sessionDoors.has(e.access.door) || e.access.door === "withApiKey");

for (const entry of guarded) {
  const slots = idSlots(entry);
  if (slots.length === 0) continue;
  test(`${label(entry)}: another workspace's ids are not found, exactly like missing ones`, async () => {
    const { a, b } = world;
    for (const slot of slots) {
      // B's record (a throwaway one when the door changes what it touches) against a missing id, both under A.
      const bTargets = entry.mutates ? await throwawayTargets(entry, b) : targetsOf(b);
      const foreignId = bTargets[slot.target];
      // A new dynamic segment is filled by the worker: wait for that before comparing.
      const before = await withDb((c) => (entry.mutates ? quietSnapshot(c, b.id) : workspaceSnapshot(c, b.id)));
      const ask = (value: string) => {
        const targets = targetsOf(a);
        const override = { [slot.name]: value };
        return probe(sessionOf(entry, a), entry, {
          targets: entry.body === "changeRole" || entry.body === "removeMember" ? { ...targets, memberUserId: b.users.ANALYST.id } : targets,
          apiKey: entry.access.door === "withApiKey" ? a.apiKey : undefined,
          params: slot.place === "param" ? override : undefined,
          query: slot.place === "query" ? { ...Object.fromEntries(Object.entries(entry.query ?? {}).map(([k]) => [k, targets[slot.target]])), ...override } : undefined,
        });
      };
      const foreign = await ask(foreignId);
      const missing = await ask(MISSING[slot.target]);
      const what = `${label(entry)} with ${slot.place} ${slot.name}`;
      expect(foreign.status, `${what} = B's ${slot.target} ${foreignId}: ${foreign.status} ${foreign.body.slice(0, 200)}`).toBe(404);
      expect(missing.status, `${what} = missing ${MISSING[slot.target]}: ${missing.status} ${missing.body.slice(0, 200)}`).toBe(404);
      const values = [foreignId, MISSING[slot.target]];
      expect(masked(entry, foreign, values), what).toBe(masked(entry, missing, values));
      expect(snapshotDiff(before, await withDb((c) => workspaceSnapshot(c, b.id))), `${what} changed workspace B`).toEqual([]);
    }
  });
}

for (const entry of guarded.filter((e) => sessionDoors.has(e.access.door))) {
  test(`${label(entry)}: another workspace's slug is not found, exactly like a slug nobody has`, async () => {
    const { a, b } = world;
    const missingSlug = `sec-nobody-${a.tag}`;
    // B's own ids under B's slug: everything would be found, if A's admin were a member of B.
    const bTargets = entry.mutates ? await throwawayTargets(entry, b) : targetsOf(b);
    const before = await withDb((c) => (entry.mutates ? quietSnapshot(c, b.id) : workspaceSnapshot(c, b.id)));
    const foreign = await probe(a.sessions.ADMIN, entry, { targets: bTargets });
    const missing = await probe(a.sessions.ADMIN, entry, { targets: { ...bTargets, workspace: missingSlug } });
    const what = `${a.slug}'s admin → ${label(entry)}`;
    expect(foreign.status, `${what} under B's slug: ${foreign.status} ${foreign.body.slice(0, 200)}`).toBe(404);
    expect(missing.status, `${what} under a missing slug: ${missing.status} ${missing.body.slice(0, 200)}`).toBe(404);
    expect(masked(entry, foreign, [b.slug, missingSlug]), what).toBe(masked(entry, missing, [b.slug, missingSlug]));
    if (entry.kind !== "page") expect(foreign.body.includes(b.slug) || missing.body.includes(missingSlug), `${what}: the 404 names the slug`).toBe(false);
    expect(snapshotDiff(before, await withDb((c) => workspaceSnapshot(c, b.id))), `${what} changed workspace B`).toEqual([]);
  });
}
