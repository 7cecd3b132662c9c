import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as listRoute from "../../app/api/w/[workspace]/segments/route.ts";
import * as countRoute from "../../app/api/w/[workspace]/segments/count/route.ts";
import * as segmentRoute from "../../app/api/w/[workspace]/segments/[segmentId]/route.ts";
import * as v1Count from "../../app/api/v1/segments/count/route.ts";
import { NESTED_DEFINITION, call, seedShop, workspaceSnapshot } from "./segment-api-support.ts";

/**
 * Hostile and broken definitions sent to every door that accepts one: the
 * browser's save, edit and count routes and the public count API. Each must
 * answer a clear 4xx (or succeed, for a definition that happens to be valid),
 * never a 500, and a refused request changes nothing.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

let slug: string;
let workspaceId: number;
let key: string;
let existingId: string;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  session.userId = (await createUser(ws.id, "ANALYST")).id;
  key = (await createApiKey(ws.id, { name: "fuzz", scopes: ["read"], rateLimitPerMinute: 10_000 }, null)).plaintext;
  await seedShop(ws.id);
  const created = await call(listRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, {
    method: "POST",
    body: JSON.stringify({ name: "Existing", kind: "STATIC", definition: NESTED_DEFINITION }),
  });
  existingId = String((created.json as { segment: { id: number } }).segment.id);
});

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

let seq = 0;

type Door = "create" | "update" | "count" | "apiCount";

/** Sends a raw body to one door; returns the status and whether the workspace changed. */
async function send(door: Door, body: string): Promise<{ status: number; changed: boolean; json: unknown }> {
  const before = await workspaceSnapshot(workspaceId);
  let res: Awaited<ReturnType<typeof call>>;
  switch (door) {
    case "create":
      res = await call(listRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, { method: "POST", body });
      break;
    case "update":
      res = await call(segmentRoute.PATCH, `/api/w/${slug}/segments/${existingId}`, { workspace: slug, segmentId: existingId }, { method: "PATCH", body });
      break;
    case "count":
      res = await call(countRoute.POST, `/api/w/${slug}/segments/count`, { workspace: slug }, { method: "POST", body });
      break;
    case "apiCount":
      res = await call(v1Count.POST, "/api/v1/segments/count", {}, { method: "POST", body, headers: { authorization: `Bearer ${key}` } });
      break;
  }
  return { status: res.status, changed: (await workspaceSnapshot(workspaceId)) !== before, json: res.json };
}

/** Wraps a definition the way each door expects it. */
function envelope(door: Door, definition: unknown): string {
  if (door === "count" || door === "apiCount") return JSON.stringify({ definition });
  return JSON.stringify({ name: `Fuzzed ${++seq}`, kind: seq % 2 ? "STATIC" : "DYNAMIC", definition });
}

const doorArb = fc.constantFrom<Door>("create", "update", "count", "apiCount");

function expectClearRefusal(result: { status: number; changed: boolean; json: unknown }, label: string) {
  expect(result.status, label).toBeGreaterThanOrEqual(400);
  expect(result.status, label).toBeLessThan(500);
  expect(result.changed, `${label}: a refused request changed rows`).toBe(false);
  expect(typeof (result.json as { error?: { message?: unknown } })?.error?.message, label).toBe("string");
}

/** Replaces, deletes or adds one key somewhere inside a valid definition. */
function mutate(definition: unknown, path: number[], replacement: unknown, mode: number): unknown {
  const copy = structuredClone(definition) as Record<string, unknown>;
  const containers: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === "object") {
      containers.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(copy);
  const target = containers[path[0]! % containers.length]!;
  const keys = Object.keys(target);
  const k = keys.length ? keys[path[1]! % keys.length]! : "extra";
  if (mode === 0) target[k] = replacement;
  else if (mode === 1) delete target[k];
  else target[`x${path[1]}`] = replacement;
  return copy;
}

describe("fuzzed segment definitions", () => {
  it("random JSON as a definition is a clear 4xx and changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(doorArb, fc.jsonValue({ maxDepth: 4 }), async (door, definition) => {
        expectClearRefusal(await send(door, envelope(door, definition)), `${door} ${JSON.stringify(definition).slice(0, 200)}`);
      }),
      { numRuns: 60 },
    );
  });

  it("a valid definition with one thing broken is refused (or, if still valid, accepted) and never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(doorArb, fc.tuple(fc.nat(), fc.nat()), fc.jsonValue({ maxDepth: 2 }), fc.nat({ max: 2 }), async (door, path, replacement, mode) => {
        const definition = mutate(NESTED_DEFINITION, path, replacement, mode);
        const result = await send(door, envelope(door, definition));
        const label = `${door} ${JSON.stringify(definition).slice(0, 300)}`;
        expect(result.status, label).toBeLessThan(500);
        if (result.status >= 400) expectClearRefusal(result, label);
      }),
      { numRuns: 80 },
    );
  });

  it("SQL, quotes and odd Unicode in values are data: counted safely, and the tables are intact", async () => {
    const hostile = fc.constantFrom(
      "'; DROP TABLE customer; --",
      "\" OR 1=1 --",
      "$1",
      "1) OR (1=1",
      "%_\\",
      "Robert'); DELETE FROM segment;--",
      "😀 ñ ß 中文",
      "\u202e\u200b",
    );
    const customersBefore = await pool.query(`SELECT count(*)::int AS n FROM customer WHERE workspace_id = $1`, [workspaceId]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Door>("count", "apiCount"), hostile, fc.nat({ max: 4 }), async (door, text, where) => {
        const rules = [
          { id: "a", type: "attribute", field: "email", match: { op: "contains", value: text } },
          { id: "b", type: "attribute", field: "country", match: { op: "in", values: [text, "FR"] } },
          { id: "c", type: "customAttribute", key: text, valueType: "string", match: { op: "equals", value: text } },
          { id: "d", type: "event", eventType: text, property: { key: text, value: text }, window: { kind: "ever" }, match: { op: "gte", value: 1 } },
          { id: "e", type: "purchase", target: { by: "category", categories: [text] }, window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 1 } },
        ];
        const definition = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [rules[where]] } };
        const result = await send(door, envelope(door, definition));
        expect(result.status, `${door} ${text} in rule ${where}`).toBe(200);
        const size = door === "count" ? (result.json as { size: number }).size : (result.json as { data: { size: number } }).data.size;
        // Only the "in FR or <text>" rule can match anyone: the three French customers.
        expect(size).toBe(where === 1 ? 3 : 0);
      }),
      { numRuns: 30 },
    );
    const customersAfter = await pool.query(`SELECT count(*)::int AS n FROM customer WHERE workspace_id = $1`, [workspaceId]);
    expect(customersAfter.rows[0]).toEqual(customersBefore.rows[0]);
  });

  it("refuses oversize definitions and broken bodies with a clear 4xx at every door", async () => {
    // Built as text: JSON.stringify itself runs out of stack on a tree this deep, but a client can still send it.
    const depth = 3000;
    const deepText =
      `{"version":1,"root":` +
      Array.from({ length: depth }, (_, i) => `{"id":"g${i}","type":"group","combinator":"and","children":[`).join("") +
      `{"id":"leaf","type":"attribute","field":"country","match":{"op":"equals","value":"FR"}}` +
      "]}".repeat(depth) +
      "}";
    const list = (n: number, id = "big") => ({ id, type: "attribute", field: "externalId", match: { op: "in", values: Array.from({ length: n }, (_, i) => `x${i}`) } });
    const manyRules = { version: 1, root: { id: "root", type: "group", combinator: "or", children: Array.from({ length: 250 }, (_, i) => ({ id: `r${i}`, type: "attribute", field: "country", match: { op: "equals", value: "FR" } })) } };
    const manyLists = { version: 1, root: { id: "root", type: "group", combinator: "or", children: Array.from({ length: 6 }, (_, i) => list(9_000, `l${i}`)) } };
    const cases: [string, (door: Door) => string][] = [
      ["3000 nested groups", (d) => (d === "count" || d === "apiCount" ? `{"definition":${deepText}}` : `{"name":"Deep ${++seq}","definition":${deepText}}`)],
      ["an IN-list of 10,001 values", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [list(10_001)] } })],
      ["54,000 list values in total", (d) => envelope(d, manyLists)],
      ["250 rules", (d) => envelope(d, manyRules)],
      ["a cycle-free self reference to a missing segment", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "s", type: "segment", segmentId: 2_000_000_000 }] } })],
      ["version 2", (d) => envelope(d, { ...NESTED_DEFINITION, version: 2 })],
      ["duplicate node ids", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [list(1, "same"), list(2, "same")] } })],
      ["NUL in a value", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "n", type: "attribute", field: "email", match: { op: "equals", value: "a\u0000b" } }] } })],
      ["a date that does not exist", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "d", type: "attribute", field: "signedUpAt", match: { op: "on", value: "2023-02-30" } }] } })],
      ["days beyond a century", (d) => envelope(d, { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "d", type: "metric", metric: "lastOrderAt", match: { op: "withinLastDays", days: 1e9 } }] } })],
      ["not JSON", () => "{definition: nope"],
      ["an empty body", () => ""],
      ["null", () => "null"],
      ["an array", () => "[1,2,3]"],
      ["a string", () => JSON.stringify("SELECT 1")],
      ["a 3 MB body", (d) => envelope(d, { pad: "x".repeat(3 * 1024 * 1024) })],
    ];
    for (const [label, body] of cases) {
      for (const door of ["create", "update", "count", "apiCount"] as const) {
        const result = await send(door, body(door));
        expectClearRefusal(result, `${label} → ${door}`);
      }
    }
  });

  it("a long chain of segments, each nested deep and using the previous one, is counted or refused, never a 500", async () => {
    let previous: number | null = null;
    let refused: { status: number; changed: boolean; json: unknown } | null = null;
    for (let link = 0; link < 40 && !refused; link++) {
      // Seven nested groups, the innermost holding a rule and "member of the previous segment".
      let inner: Record<string, unknown> = {
        id: `leaf${link}`,
        type: "group",
        combinator: "or",
        children: [
          { id: `fr${link}`, type: "attribute", field: "country", match: { op: "equals", value: "FR" } },
          ...(previous ? [{ id: `ref${link}`, type: "segment", segmentId: previous }] : []),
        ],
      };
      for (let level = 0; level < 6; level++) inner = { id: `g${link}-${level}`, type: "group", combinator: level % 2 ? "and" : "or", children: [inner] };
      const definition = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [inner] } };
      const result = await send("create", JSON.stringify({ name: `Chain ${link} ${++seq}`, kind: "DYNAMIC", definition }));
      if (result.status === 201) previous = (result.json as { segment: { id: number } }).segment.id;
      else refused = result;
    }
    if (refused) expectClearRefusal(refused, "chain link refused");
    const count = await send("count", JSON.stringify({ definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "last", type: "segment", segmentId: previous }] } } }));
    expect(count.status).toBeLessThan(500);
    if (count.status === 200) expect((count.json as { size: number }).size).toBe(3);
  });

  it("names the offending rule for a broken rule deep inside nested groups", async () => {
    const definition = structuredClone(NESTED_DEFINITION) as unknown as { root: { children: [unknown, { children: [unknown, { children: [{ window: unknown }] }] }] } };
    definition.root.children[1].children[1].children[0].window = { kind: "lastDays", days: 0 };
    for (const door of ["create", "update", "count", "apiCount"] as const) {
      const result = await send(door, envelope(door, definition));
      expectClearRefusal(result, door);
      const issues = (result.json as { error: { details: { issues: { nodeId: string }[] } } }).error.details.issues;
      expect(issues.map((i) => i.nodeId)).toEqual(["recent-order"]);
    }
  });
});
