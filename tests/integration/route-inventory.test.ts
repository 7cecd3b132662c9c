import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_INVENTORY, type RouteEntry } from "../security/route-inventory.ts";
import { checkRouteInventory, type SourceFile } from "../security/support/check-route-inventory.ts";

/**
 * Static: every route handler, page, layout and server action under app/ is
 * in the security inventory with the wrapper and permission its source
 * really uses, so a new door cannot ship without a guard the security suite
 * then probes.
 */
const root = path.resolve(import.meta.dirname, "../..");

function readApp(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const item of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${item.name}`;
      if (item.isDirectory()) walk(rel);
      else if (/\.(ts|tsx)$/.test(item.name)) files.push({ path: rel, text: readFileSync(path.join(root, rel), "utf8") });
    }
  };
  walk("app");
  return files;
}

const app = readApp();

function withFile(file: SourceFile): SourceFile[] {
  return [...app.filter((f) => f.path !== file.path), file];
}

function source(p: string): string {
  const file = app.find((f) => f.path === p);
  if (!file) throw new Error(`${p} is gone; update this test`);
  return file.text;
}

describe("route inventory", () => {
  it("lists every door under app/ with the guard its source uses", () => {
    expect(checkRouteInventory(app, ROUTE_INVENTORY)).toEqual([]);
  });

  it("fails for a new route handler nobody listed, and passes once it is listed with its permission", () => {
    const file = {
      path: "app/api/w/[workspace]/campaigns/route.ts",
      text: `import { withWorkspace } from "@/lib/next/route-wrappers";\nexport const GET = withWorkspace("campaigns.read", async () => new Response("[]"));\n`,
    };
    expect(checkRouteInventory(withFile(file), ROUTE_INVENTORY)).toEqual([
      "app/api/w/[workspace]/campaigns/route.ts: not in the route inventory (tests/security/route-inventory.ts); list it with its wrapper and permission",
    ]);
    const listed: RouteEntry = { file: file.path, kind: "handler", name: "GET", path: "/api/w/[workspace]/campaigns", method: "GET", access: { door: "withWorkspace", action: "campaigns.read" } };
    expect(checkRouteInventory(withFile(file), [...ROUTE_INVENTORY, listed])).toEqual([]);
  });

  it("fails for a listed handler that is not wrapped, and for one whose permission differs from the inventory", () => {
    const p = "app/api/w/[workspace]/segments/route.ts";
    const unwrapped = source(p).replace(/export const GET = withWorkspace\("segments\.read", /, "export const GET = (");
    expect(checkRouteInventory(withFile({ path: p, text: unwrapped }), ROUTE_INVENTORY)).toEqual([
      `${p} GET: the inventory says withWorkspace("segments.read") but the source uses a plain function`,
    ]);
    const weaker = source(p).replace(/withWorkspace\(\s*"segments\.write"/, 'withWorkspace("segments.read"');
    expect(checkRouteInventory(withFile({ path: p, text: weaker }), ROUTE_INVENTORY)).toEqual([
      `${p} POST: the inventory says withWorkspace("segments.write") but the source uses withWorkspace("segments.read", …)`,
    ]);
  });

  it("fails for a new exported method in a listed file, and for an inventory entry whose file is gone", () => {
    const p = "app/api/w/[workspace]/api-keys/route.ts";
    const extra = `${source(p)}\nexport const PUT = withWorkspace("apikeys.manage", async () => new Response(null));\n`;
    expect(checkRouteInventory(withFile({ path: p, text: extra }), ROUTE_INVENTORY)).toEqual([
      `${p} PUT: exported handler not in the route inventory (it uses withWorkspace("apikeys.manage", …))`,
    ]);
    const gone = app.filter((f) => f.path !== "app/api/w/[workspace]/analytics/route.ts");
    expect(checkRouteInventory(gone, ROUTE_INVENTORY)).toEqual([
      "app/api/w/[workspace]/analytics/route.ts: listed in the inventory (GET) but no such door exists",
    ]);
  });

  it("fails for a public API handler that the inventory does not list as public, and for a session route outside a workspace", () => {
    const file = { path: "app/api/w/[workspace]/export-all/route.ts", text: "export async function GET() { return new Response('all the data'); }\n" };
    const listed: RouteEntry = { file: file.path, kind: "handler", name: "GET", path: "/api/w/[workspace]/export-all", method: "GET", access: { door: "withWorkspace", action: "customers.read" } };
    expect(checkRouteInventory(withFile(file), [...ROUTE_INVENTORY, listed])).toEqual([
      `${file.path} GET: the inventory says withWorkspace("customers.read") but the source uses a plain function`,
    ]);
  });

  it("checks the API-key scope each public API route names, and refuses a key wrapper without one", () => {
    const p = "app/api/v1/segments/route.ts";
    const entries = ROUTE_INVENTORY.map((e) => (e.file === p ? { ...e, access: { door: "withApiKey" as const, scope: "send" as const } } : e));
    expect(checkRouteInventory(app, entries)).toEqual([`${p} GET: the inventory says withApiKey("send") but the source uses withApiKey("read", …)`]);
    const unscoped = source(p).replace('withApiKey("read", ', "withApiKey(");
    expect(checkRouteInventory(withFile({ path: p, text: unscoped }), ROUTE_INVENTORY)).toEqual([
      `${p} GET: the inventory says withApiKey("read") but the source uses withApiKey(…)`,
    ]);
    // A body spec is the third argument, written out; anything else there is not a form the checker knows.
    const batch = "app/api/v1/customers/batch/route.ts";
    expect(source(batch)).toMatch(/\{ body: customersBatchBodySchema, /);
    const opaque = source(batch).replace(/\{ body: customersBatchBodySchema, [^}]*\}/, "bodySpec");
    expect(checkRouteInventory(withFile({ path: batch, text: opaque }), ROUTE_INVENTORY)).toEqual([
      `${batch} POST: the inventory says withApiKey("write") but the source uses withApiKey("write", …)`,
    ]);
  });

  it("fails for a workspace page without pageAccess unless a listed layout guards it with the same action", () => {
    const p = "app/w/[workspace]/jobs/page.tsx";
    const unguarded = source(p).replace(/await pageAccess\(slug, "jobs\.read"\)/, "await membershipOf(slug)");
    expect(unguarded).not.toContain("pageAccess(");
    expect(checkRouteInventory(withFile({ path: p, text: unguarded }), ROUTE_INVENTORY)).toEqual([
      `${p}: the inventory says pageAccess("jobs.read") in the page but the source calls no pageAccess`,
    ]);
    const viaLayout = ROUTE_INVENTORY.map((e) => (e.file === p ? { ...e, access: { door: "pageAccess" as const, action: "workspace.read" as const, checkedIn: "layout" as const } } : e));
    expect(checkRouteInventory(withFile({ path: p, text: unguarded }), viaLayout)).toEqual([]);
    const withoutLayout = viaLayout.filter((e) => e.file !== "app/w/[workspace]/layout.tsx");
    expect(checkRouteInventory(withFile({ path: p, text: unguarded }), withoutLayout)).toEqual([
      "app/w/[workspace]/layout.tsx: not in the route inventory (tests/security/route-inventory.ts); list it with its wrapper and permission",
      `${p}: no pageAccess in the page and no listed layout above it that calls one`,
    ]);
  });

  it("fails for a server action that does not go through workspaceAction with the listed permission", () => {
    const p = "app/w/[workspace]/settings/users/actions.ts";
    const raw = `${source(p)}\nexport async function deleteWorkspace(slug: string) { return slug; }\n`;
    expect(checkRouteInventory(withFile({ path: p, text: raw }), ROUTE_INVENTORY)).toEqual([
      `${p} deleteWorkspace: server action not in the route inventory (it uses a plain function)`,
    ]);
    const weaker = source(p).replace('workspaceAction("users.manage", removeMemberSchema', 'workspaceAction("workspace.read", removeMemberSchema');
    expect(checkRouteInventory(withFile({ path: p, text: weaker }), ROUTE_INVENTORY)).toEqual([
      `${p} removeMemberAction: the inventory says workspaceAction("users.manage") but the source uses workspaceAction("workspace.read", …)`,
    ]);
    const elsewhere = { path: "app/w/[workspace]/segments/bulk.ts", text: `"use server";\nexport async function archiveAll(slug: string) { return slug; }\n` };
    expect(checkRouteInventory(withFile(elsewhere), ROUTE_INVENTORY)).toEqual([
      "app/w/[workspace]/segments/bulk.ts: not in the route inventory (tests/security/route-inventory.ts); list it with its wrapper and permission",
    ]);
  });
});
