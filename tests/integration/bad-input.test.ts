import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { errorResponse } from "../../lib/next/error-response.ts";
import { textProblem } from "../../lib/storable-text.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as migrationRoute from "../../app/api/w/[workspace]/analytics/rfm-migration/route.ts";
import * as analyticsRoute from "../../app/api/w/[workspace]/analytics/route.ts";
import * as apiKeysRoute from "../../app/api/w/[workspace]/api-keys/route.ts";
import * as apiKeyRoute from "../../app/api/w/[workspace]/api-keys/[keyId]/route.ts";
import * as importRoute from "../../app/api/w/[workspace]/imports/[importId]/route.ts";
import * as importPreviewRoute from "../../app/api/w/[workspace]/imports/[importId]/preview/route.ts";
import * as listRoute from "../../app/api/w/[workspace]/segments/route.ts";
import * as countRoute from "../../app/api/w/[workspace]/segments/count/route.ts";
import * as fieldValuesRoute from "../../app/api/w/[workspace]/segments/field-values/route.ts";
import * as segmentRoute from "../../app/api/w/[workspace]/segments/[segmentId]/route.ts";
import * as explainRoute from "../../app/api/w/[workspace]/segments/[segmentId]/explain/route.ts";
import * as exportRoute from "../../app/api/w/[workspace]/segments/[segmentId]/export/route.ts";
import * as membersRoute from "../../app/api/w/[workspace]/segments/[segmentId]/members/route.ts";
import * as overlapRoute from "../../app/api/w/[workspace]/segments/[segmentId]/overlap/route.ts";
import * as refreshRoute from "../../app/api/w/[workspace]/segments/[segmentId]/refresh/route.ts";
import * as v1Customers from "../../app/api/v1/customers/route.ts";
import * as v1Customer from "../../app/api/v1/customers/[externalId]/route.ts";
import * as v1CustomersBatch from "../../app/api/v1/customers/batch/route.ts";
import * as v1Orders from "../../app/api/v1/orders/route.ts";
import * as v1OrdersBatch from "../../app/api/v1/orders/batch/route.ts";
import * as v1Events from "../../app/api/v1/events/route.ts";
import * as v1EventsBatch from "../../app/api/v1/events/batch/route.ts";
import * as v1SegmentCount from "../../app/api/v1/segments/count/route.ts";
import * as v1Segment from "../../app/api/v1/segments/[segmentId]/route.ts";
import * as v1SegmentMembers from "../../app/api/v1/segments/[segmentId]/members/route.ts";
import * as analyticsActions from "../../app/w/[workspace]/settings/analytics/actions.ts";
import * as memberActions from "../../app/w/[workspace]/settings/users/actions.ts";
import CustomersPage from "../../app/w/[workspace]/customers/page.tsx";
import CustomerProfilePage from "../../app/w/[workspace]/customers/[customerId]/page.tsx";
import SegmentPage from "../../app/w/[workspace]/segments/[segmentId]/page.tsx";
import EditSegmentPage from "../../app/w/[workspace]/segments/[segmentId]/edit/page.tsx";
import WhyPage from "../../app/w/[workspace]/segments/[segmentId]/why/[customerId]/page.tsx";
import OverviewPage from "../../app/w/[workspace]/page.tsx";
import { readAnalyticsSettings } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import { readRfmSettings } from "../../lib/analytics/rfm/rfm-settings.schema.ts";
import { listCustomers } from "../../lib/customers/list-customers.ts";
import { NESTED_DEFINITION, call, seedShop, workspaceSnapshot, type Handler } from "./segment-api-support.ts";

const session = vi.hoisted(() => ({ userId: null as string | null }));
// Users start at session version 0 and this file never ends a session.
vi.mock("../../lib/next/session.ts", () => ({
  getSessionUserId: async () => session.userId,
  getSessionClaims: async () => ({ userId: session.userId ?? undefined, sessionVersion: 0 }),
}));

let slug: string;
let workspaceId: number;
let apiKey: string;
let segmentId: string;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  session.userId = (await createUser(ws.id, "ADMIN")).id;
  apiKey = (await createApiKey(ws.id, { name: "bad input", scopes: ["read", "write"] }, null)).plaintext;
  await seedShop(ws.id);
  const created = await call(listRoute.POST, `/api/w/${slug}/segments`, { workspace: slug }, {
    method: "POST",
    body: JSON.stringify({ name: "Existing", kind: "STATIC", definition: NESTED_DEFINITION }),
  });
  segmentId = String((created.json as { segment: { id: number } }).segment.id);
});

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

type Result = Awaited<ReturnType<typeof call>>;

/** One door: a route handler and how to reach it with a given path, query and body. */
interface Door {
  name: string;
  send: (input: { params?: Record<string, string>; query?: string; body?: string }) => Promise<Result>;
}

function sessionDoor<P>(name: string, handler: Handler<P>, method: string, path: (p: Record<string, string>) => string, defaults: () => Record<string, string>): Door {
  return {
    name,
    send: ({ params = {}, query = "", body }) => {
      const p = { workspace: slug, ...defaults(), ...params };
      return call(handler, `${path(p)}${query}`, p as P, { method, body: method === "GET" ? undefined : body });
    },
  };
}

function keyDoor<P>(name: string, handler: Handler<P>, method: string, path: (p: Record<string, string>) => string, defaults: () => Record<string, string> = () => ({})): Door {
  return {
    name,
    send: ({ params = {}, query = "", body }) => {
      const p = { ...defaults(), ...params };
      return call(handler, `${path(p)}${query}`, p as P, { method, body: method === "GET" ? undefined : body, headers: { authorization: `Bearer ${apiKey}` } });
    },
  };
}

/** The URL is for show (handlers read the params given); a lone surrogate cannot be percent-encoded. */
const enc = (value: string) => (textProblem(value)?.includes("surrogate") ? "%EF%BF%BD" : encodeURIComponent(value));

const doors = {
  segmentCreate: sessionDoor("POST segments", listRoute.POST, "POST", (p) => `/api/w/${enc(p.workspace!)}/segments`, () => ({})),
  segmentUpdate: sessionDoor("PATCH segments/{id}", segmentRoute.PATCH, "PATCH", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}`, () => ({ segmentId })),
  segmentGet: sessionDoor("GET segments/{id}", segmentRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}`, () => ({ segmentId })),
  segmentDelete: sessionDoor("DELETE segments/{id}", segmentRoute.DELETE, "DELETE", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}`, () => ({ segmentId })),
  segmentCount: sessionDoor("POST segments/count", countRoute.POST, "POST", (p) => `/api/w/${enc(p.workspace!)}/segments/count`, () => ({})),
  segmentList: sessionDoor("GET segments", listRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments`, () => ({})),
  fieldValues: sessionDoor("GET segments/field-values", fieldValuesRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/field-values`, () => ({})),
  explain: sessionDoor("GET segments/{id}/explain", explainRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/explain`, () => ({ segmentId })),
  exportCsv: sessionDoor("GET segments/{id}/export", exportRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/export`, () => ({ segmentId })),
  members: sessionDoor("GET segments/{id}/members", membersRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/members`, () => ({ segmentId })),
  overlap: sessionDoor("GET segments/{id}/overlap", overlapRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/overlap`, () => ({ segmentId })),
  refreshGet: sessionDoor("GET segments/{id}/refresh", refreshRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/refresh`, () => ({ segmentId })),
  refreshPost: sessionDoor("POST segments/{id}/refresh", refreshRoute.POST, "POST", (p) => `/api/w/${enc(p.workspace!)}/segments/${enc(p.segmentId!)}/refresh`, () => ({ segmentId })),
  analytics: sessionDoor("GET analytics", analyticsRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/analytics`, () => ({})),
  rfmMigration: sessionDoor("GET analytics/rfm-migration", migrationRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/analytics/rfm-migration`, () => ({})),
  apiKeyCreate: sessionDoor("POST api-keys", apiKeysRoute.POST, "POST", (p) => `/api/w/${enc(p.workspace!)}/api-keys`, () => ({})),
  apiKeyRevoke: sessionDoor("DELETE api-keys/{id}", apiKeyRoute.DELETE, "DELETE", (p) => `/api/w/${enc(p.workspace!)}/api-keys/${enc(p.keyId!)}`, () => ({ keyId: "1" })),
  importGet: sessionDoor("GET imports/{id}", importRoute.GET, "GET", (p) => `/api/w/${enc(p.workspace!)}/imports/${enc(p.importId!)}`, () => ({ importId: "1" })),
  importPreview: sessionDoor("POST imports/{id}/preview", importPreviewRoute.POST, "POST", (p) => `/api/w/${enc(p.workspace!)}/imports/${enc(p.importId!)}/preview`, () => ({ importId: "1" })),
  v1CustomerPost: keyDoor("POST v1/customers", v1Customers.POST, "POST", () => "/api/v1/customers"),
  v1CustomerList: keyDoor("GET v1/customers", v1Customers.GET, "GET", () => "/api/v1/customers"),
  v1CustomerGet: keyDoor("GET v1/customers/{externalId}", v1Customer.GET, "GET", (p) => `/api/v1/customers/${enc(p.externalId!)}`, () => ({ externalId: "ana" })),
  v1CustomerBatch: keyDoor("POST v1/customers/batch", v1CustomersBatch.POST, "POST", () => "/api/v1/customers/batch"),
  v1OrderPost: keyDoor("POST v1/orders", v1Orders.POST, "POST", () => "/api/v1/orders"),
  v1OrderBatch: keyDoor("POST v1/orders/batch", v1OrdersBatch.POST, "POST", () => "/api/v1/orders/batch"),
  v1EventPost: keyDoor("POST v1/events", v1Events.POST, "POST", () => "/api/v1/events"),
  v1EventBatch: keyDoor("POST v1/events/batch", v1EventsBatch.POST, "POST", () => "/api/v1/events/batch"),
  v1SegmentCount: keyDoor("POST v1/segments/count", v1SegmentCount.POST, "POST", () => "/api/v1/segments/count"),
  v1Segment: keyDoor("GET v1/segments/{id}", v1Segment.GET, "GET", (p) => `/api/v1/segments/${enc(p.segmentId!)}`, () => ({ segmentId })),
  v1SegmentMembers: keyDoor("GET v1/segments/{id}/members", v1SegmentMembers.GET, "GET", (p) => `/api/v1/segments/${enc(p.segmentId!)}/members`, () => ({ segmentId })),
} satisfies Record<string, Door>;

type DoorName = keyof typeof doors;

/** A body that would be accepted, with one value replaced: where the bad value goes for each JSON door. */
const validBodies: Partial<Record<DoorName, (bad: unknown) => unknown>> = {
  segmentCreate: (bad) => ({ name: "New", kind: "DYNAMIC", definition: NESTED_DEFINITION, attributes: undefined, description: bad }),
  segmentUpdate: (bad) => ({ description: bad }),
  segmentCount: (bad) => ({ definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "c", type: "attribute", field: "city", match: { op: "equals", value: bad } }] } } }),
  v1SegmentCount: (bad) => ({ definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "c", type: "attribute", field: "city", match: { op: "equals", value: bad } }] } } }),
  apiKeyCreate: (bad) => ({ name: bad, scopes: ["read"] }),
  importPreview: (bad) => ({ entity: "customers", mapping: { nick: bad } }),
  v1CustomerPost: (bad) => ({ external_id: "new-1", attributes: { nick: bad } }),
  v1CustomerBatch: (bad) => ({ customers: [{ external_id: "new-2" }, { external_id: "new-3", attributes: { nick: bad } }] }),
  v1OrderPost: (bad) => ({ external_id: "o-1", customer_external_id: "ana", placed_at: "2024-01-01T00:00:00Z", total: "10.00", channel: bad }),
  v1OrderBatch: (bad) => ({ orders: [{ external_id: "o-2", customer_external_id: "ana", placed_at: "2024-01-01T00:00:00Z", total: "10.00", channel: bad }] }),
  v1EventPost: (bad) => ({ customer_external_id: "ana", type: "page_view", occurred_at: "2024-01-01T00:00:00Z", properties: { page: bad } }),
  v1EventBatch: (bad) => ({ events: [{ customer_external_id: "ana", type: "page_view", occurred_at: "2024-01-01T00:00:00Z", properties: { page: bad } }] }),
};

/** Where each JSON door's bad value sits, as the 422 should name it. */
const badValuePath: Partial<Record<DoorName, string>> = {
  segmentCreate: "description",
  segmentUpdate: "description",
  segmentCount: "definition.root.children[0].match.value",
  v1SegmentCount: "definition.root.children[0].match.value",
  apiKeyCreate: "name",
  importPreview: "mapping.nick",
  v1CustomerPost: "attributes.nick",
  v1CustomerBatch: "customers[1].attributes.nick",
  v1OrderPost: "channel",
  v1OrderBatch: "orders[0].channel",
  v1EventPost: "properties.page",
  v1EventBatch: "events[0].properties.page",
};

const jsonDoors = Object.keys(validBodies) as DoorName[];

/** Everything a refused request could have written in the workspace, read back from the tables. */
async function snapshot(): Promise<string> {
  const res = await pool.query<{ snap: unknown }>(
    `SELECT json_build_object(
       'orders', (SELECT count(*) FROM customer_order WHERE workspace_id = $1),
       'events', (SELECT count(*) FROM event WHERE workspace_id = $1),
       'apiKeys', (SELECT json_agg(k.id ORDER BY k.id) FROM api_key k WHERE k.workspace_id = $1),
       'members', (SELECT json_agg(json_build_object('user', m.user_id, 'role', m.role) ORDER BY m.user_id) FROM membership m WHERE m.workspace_id = $1),
       'settings', (SELECT settings FROM workspace WHERE id = $1),
       'attributes', (SELECT json_agg(c.attributes ORDER BY c.id) FROM customer c WHERE c.workspace_id = $1)) AS snap`,
    [workspaceId],
  );
  return `${await workspaceSnapshot(workspaceId)} ${JSON.stringify(res.rows[0]!.snap)}`;
}

interface ErrorJson {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

/** A refusal a user can act on: a 4xx whose body names `field`, and no row changed. */
async function expectRefusal(label: string, send: () => Promise<Result>, status: number, field: string | RegExp) {
  const before = await snapshot();
  const res = await send();
  expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(status);
  const body = res.json as ErrorJson;
  expect(typeof body.error.message, label).toBe("string");
  if (typeof field === "string") expect(res.text, `${label} names ${field}`).toContain(JSON.stringify(field).slice(1, -1));
  else expect(res.text, `${label} names ${field}`).toMatch(field);
  expect(await snapshot(), `${label}: a refused request changed rows`).toBe(before);
  return body;
}

/** Raw JSON text for a bad value JSON.stringify cannot produce (it would write null or overflow the stack). */
const RAW = "__raw_bad_value__";
const bodyText = (door: DoorName, bad: unknown, raw?: string) => {
  const text = JSON.stringify(validBodies[door]!(raw ? RAW : bad));
  return raw ? text.replace(JSON.stringify(RAW), raw) : text;
};

const badJsonValues: { name: string; bad: unknown; raw?: string; path: (p: string) => string; message: RegExp; skip?: DoorName[] }[] = [
  { name: "a NUL character in a value", bad: "a\u0000b", path: (p) => p, message: /must not contain NUL characters/ },
  { name: "a NUL escape in a key", bad: { "ni\u0000ck": "x" }, path: (p) => `${p}["ni\\u0000ck"]`, message: /key must not contain NUL characters/ },
  { name: "an unpaired high surrogate", bad: "x\ud800", path: (p) => p, message: /unpaired surrogate, \\ud800/ },
  { name: "an unpaired low surrogate", bad: "\udc00y", path: (p) => p, message: /unpaired surrogate, \\udc00/ },
  { name: "an unpaired surrogate in a key", bad: { "\ud83d": 1 }, path: (p) => `${p}["\\ud83d"]`, message: /key must be valid Unicode/ },
  { name: "nesting 5,000 deep", bad: null, raw: "[".repeat(5_000) + "]".repeat(5_000), path: (p) => p + "[0]".repeat(32 - p.split(/[.[]/).length), message: /nests deeper than 32 levels/ },
  { name: "1e309", bad: null, raw: "1e309", path: (p) => p, message: /number too large to store/ },
  { name: "-1e309", bad: null, raw: "-1e309", path: (p) => p, message: /number too large to store/ },
  // 100,001 numbers take 200 kB, past the API-key door's 16 kB (a 413 there, tested with the sizes).
  { name: "more than 100,000 values", bad: null, raw: `[${"0,".repeat(100_000)}0]`, path: (p) => p, message: /more than 100000 values/, skip: ["apiKeyCreate"] },
];

describe("JSON bodies: every door refuses values Postgres cannot hold, naming the path, and writes nothing", () => {
  for (const bad of badJsonValues) {
    it(`${bad.name}`, async () => {
      for (const door of jsonDoors.filter((d) => !bad.skip?.includes(d))) {
        const body = await expectRefusal(`${doors[door].name} with ${bad.name}`, () => doors[door].send({ body: bodyText(door, bad.bad, bad.raw) }), 422, bad.path(badValuePath[door]!));
        expect(body.error.code).toBe("VALIDATION");
        expect(body.error.details?.[0]).toEqual({ path: bad.path(badValuePath[door]!), message: expect.stringMatching(bad.message) });
      }
    });
  }

  it("valid surrogate pairs (emoji) are stored as sent", async () => {
    const res = await doors.v1CustomerPost.send({ body: JSON.stringify({ external_id: "emoji-😀", attributes: { nick: "Fans 😀 𝔘" } }) });
    expect(res.status).toBe(201);
    const row = await pool.query<{ attributes: unknown }>(`SELECT attributes FROM customer WHERE workspace_id = $1 AND external_id = $2`, [workspaceId, "emoji-😀"]);
    expect(row.rows[0]!.attributes).toEqual({ nick: "Fans 😀 𝔘" });
  });

  it("malformed JSON is a 400 saying where it breaks", async () => {
    for (const door of jsonDoors) {
      const res = await expectRefusal(doors[door].name, () => doors[door].send({ body: '{"a":1,\n "b" 2}' }), 400, "line 2, column 6");
      expect(res.error.message).toBe("Request body is not valid JSON at position 13 (line 2, column 6).");
    }
  });
});

const bigInt4 = "2147483648";
const bigInt8 = "9223372036854775808";

describe("path ids: a workspace slug or record id that cannot exist is not found, without a 500", () => {
  const sessionDoors = (Object.keys(doors) as DoorName[]).filter((d) => !d.startsWith("v1"));
  const badSlugs = ["\u0000", "a\u0000b", "w".repeat(10_000), "../other", "ws\ud800", ""];

  it("workspace slugs with NUL, 10,000 characters, slashes or bad Unicode: 404 Workspace not found at every door", async () => {
    for (const door of sessionDoors) {
      for (const workspace of badSlugs) {
        await expectRefusal(`${doors[door].name} slug ${JSON.stringify(workspace).slice(0, 20)}`, () => doors[door].send({ params: { workspace }, body: "{}" }), 404, "Workspace not found");
      }
    }
  });

  const idDoors: [DoorName, string][] = [
    ["segmentGet", "Segment not found"],
    ["segmentUpdate", "Segment not found"],
    ["segmentDelete", "Segment not found"],
    ["explain", "Segment not found"],
    ["exportCsv", "Segment not found"],
    ["members", "Segment not found"],
    ["overlap", "Segment not found"],
    ["refreshGet", "Segment not found"],
    ["refreshPost", "Segment not found"],
    ["apiKeyRevoke", "API key not found"],
    ["importGet", "Import not found"],
    ["importPreview", "Import not found"],
    ["v1Segment", "Segment not found"],
    ["v1SegmentMembers", "Segment not found"],
  ];
  const badIds = ["\u0000", bigInt4, bigInt8, "99999999999999999999999", "-1", "0", "1e3", "1.5", ""];

  it("ids with NUL, past int4 and int8, negative, exponent or empty: 404 naming the record", async () => {
    for (const [door, message] of idDoors) {
      for (const id of badIds) {
        await expectRefusal(`${doors[door].name} id ${JSON.stringify(id)}`, () => doors[door].send({ params: { segmentId: id, keyId: id, importId: id }, query: door === "overlap" ? `?with=${segmentId}` : "", body: "{}" }), 404, message);
      }
    }
  });

  it("a public-API external_id holding NUL is no customer (404), raw in the URL or decoded", async () => {
    for (const externalId of ["\u0000", "a\u0000b"]) {
      await expectRefusal(`v1 customer ${JSON.stringify(externalId)}`, () => doors.v1CustomerGet.send({ params: { externalId } }), 404, "No customer with this external_id");
    }
    await expectRefusal("v1 customer %00", () => call(v1Customer.GET, "/api/v1/customers/%00", { externalId: "%00" }, { headers: { authorization: `Bearer ${apiKey}` } }), 404, "No customer");
  });
});

describe("query parameters: a value that cannot be one is a 422 naming the parameter (or 404 for a record that cannot exist)", () => {
  const cases: [DoorName, string, number, string][] = [
    ["rfmMigration", `?from=${bigInt4}`, 422, "from"],
    ["rfmMigration", `?to=${bigInt8}`, 422, "to"],
    ["rfmMigration", "?from=-1&to=2", 422, "from"],
    ["rfmMigration", "?from=1e309", 422, "from"],
    ["rfmMigration", "?from=%00", 422, "from"],
    ["rfmMigration", "?from=", 422, "from"],
    ["members", `?after=${bigInt8}`, 422, "after"],
    ["members", "?after=%00", 422, "after"],
    ["members", "?after=-1", 422, "after"],
    ["members", "?limit=1e309", 422, "limit"],
    ["members", "?limit=-1", 422, "limit"],
    ["members", `?limit=${bigInt8}`, 422, "limit"],
    ["v1SegmentMembers", `?after=${bigInt8}`, 422, "after"],
    ["v1SegmentMembers", "?after=%00", 422, "after"],
    ["v1SegmentMembers", "?limit=1e309", 422, "limit"],
    ["v1CustomerList", `?after=c${bigInt8}`, 422, "after"],
    ["v1CustomerList", "?after=c99999999999999999999", 422, "after"],
    ["v1CustomerList", "?after=%00", 422, "after"],
    ["v1CustomerList", "?limit=1e309", 422, "limit"],
    ["overlap", `?with=${bigInt4}`, 422, "with"],
    ["overlap", `?with=${bigInt8}`, 422, "with"],
    ["overlap", "?with=%00", 422, "with"],
    ["overlap", "?with=-1", 422, "with"],
    ["explain", `?customerId=${bigInt8}`, 404, "Customer not found"],
    ["explain", "?customerId=%00", 404, "Customer not found"],
    ["explain", "?customerId=-1", 404, "Customer not found"],
    ["fieldValues", "?source=%00", 422, "source"],
  ];
  it.each(cases)("%s %s → %i naming %s", async (door, query, status, field) => {
    const body = await expectRefusal(`${doors[door].name}${query}`, () => doors[door].send({ query }), status, field);
    if (status === 422 && body.error.details) expect(body.error.details.map((d) => d.path)).toContain(field);
  });
});

/** What Next.js's notFound() throws: the 404 page, not the 500 one. */
const NOT_FOUND = expect.objectContaining({ digest: expect.stringContaining("NEXT_HTTP_ERROR_FALLBACK;404") });

describe("pages: a bad id, slug or cursor in the URL shows the 404 page or a message, never the error page", () => {
  const params = <P>(p: P) => ({ params: Promise.resolve(p), searchParams: Promise.resolve({}) });

  it("customer profile with an id past bigint, NUL or a negative number is not found", async () => {
    for (const id of [bigInt8, "99999999999999999999999", "\u0000", "-1", "1e3"]) {
      await expect(CustomerProfilePage(params({ workspace: slug, customerId: id })), id).rejects.toThrow(NOT_FOUND);
    }
  });

  it("segment pages with an id past int4, and the why page with a customer past bigint, are not found", async () => {
    for (const id of [bigInt4, bigInt8, "\u0000"]) {
      await expect(SegmentPage({ params: Promise.resolve({ workspace: slug, segmentId: id }), searchParams: Promise.resolve({}) }), id).rejects.toThrow(NOT_FOUND);
      await expect(EditSegmentPage({ params: Promise.resolve({ workspace: slug, segmentId: id }) }), id).rejects.toThrow(NOT_FOUND);
    }
    for (const id of [bigInt8, "\u0000", "-1"]) await expect(WhyPage({ params: Promise.resolve({ workspace: slug, segmentId, customerId: id }) }), id).rejects.toThrow(NOT_FOUND);
  });

  it("a workspace slug that cannot exist is the 404 page", async () => {
    for (const workspace of ["\u0000", "w".repeat(10_000)]) {
      await expect(OverviewPage({ params: Promise.resolve({ workspace }), searchParams: Promise.resolve({}) })).rejects.toThrow(NOT_FOUND);
    }
  });

  it("an overview period that cannot be read is explained on the page, naming the field", async () => {
    for (const query of [{ period: "31" }, { period: ["7", "30"] }, { period: "custom", from: "2026-02-30", to: "2026-03-01" }, { period: "custom", from: "\u0000", to: "x" }, { period: "custom", from: "2020-01-01", to: "2026-01-01" }]) {
      await expect(OverviewPage({ params: Promise.resolve({ workspace: slug }), searchParams: Promise.resolve(query) }), JSON.stringify(query)).resolves.toBeTruthy();
    }
  });

  it("cursors past bigint or repeated start from the first page instead of failing", async () => {
    for (const after of [bigInt8, "%00", ["1", "2"]]) {
      await expect(CustomersPage({ params: Promise.resolve({ workspace: slug }), searchParams: Promise.resolve({ after }) })).resolves.toBeTruthy();
      await expect(SegmentPage({ params: Promise.resolve({ workspace: slug, segmentId }), searchParams: Promise.resolve({ after }) })).resolves.toBeTruthy();
    }
  });

  it("a search for text holding NUL is explained on the page, and the list function refuses it naming q", async () => {
    await expect(CustomersPage({ params: Promise.resolve({ workspace: slug }), searchParams: Promise.resolve({ q: "ana\u0000" }) })).resolves.toBeTruthy();
    await expect(CustomersPage({ params: Promise.resolve({ workspace: slug }), searchParams: Promise.resolve({ q: ["ana", "ben"] }) })).resolves.toBeTruthy();
    await expect(listCustomers({ workspaceId, query: "\u0000" })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "q" }] });
    await expect(listCustomers({ workspaceId, after: bigInt8 })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "after" }] });
    expect((await listCustomers({ workspaceId, query: "ana" })).rows.map((r) => r.externalId)).toEqual(["ana"]);
  });
});

describe("server actions: form input Postgres cannot hold is a field error, and nothing is saved", () => {
  async function expectFieldError(label: string, run: () => Promise<{ ok: boolean; code?: string; fieldErrors?: Record<string, string> }>, field: string, message: RegExp) {
    const before = await snapshot();
    const result = await run();
    expect(result, label).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(result.fieldErrors?.[field], `${label}: ${JSON.stringify(result)}`).toMatch(message);
    expect(await snapshot(), `${label}: a refused action changed rows`).toBe(before);
  }

  const settings = () => ({ analytics: readAnalyticsSettings({}), rfm: readRfmSettings({}) });

  it("analytics settings: NUL or a lone surrogate in an RFM segment name, 1e309 as a rate, nesting 5,000 deep", async () => {
    const withName = (name: string) => {
      const input = settings();
      input.rfm.segments[0]!.segment = name;
      return input;
    };
    await expectFieldError("NUL name", () => analyticsActions.saveAnalyticsSettings(slug, withName("Champ\u0000ions")), "rfm.segments.0.segment", /NUL/);
    await expectFieldError("surrogate name", () => analyticsActions.saveAnalyticsSettings(slug, withName("Champ\ud800")), "rfm.segments.0.segment", /unpaired surrogate/);
    const infinite = settings();
    infinite.analytics.clv.annualDiscountRate = JSON.parse("1e309") as number;
    await expectFieldError("1e309 rate", () => analyticsActions.saveAnalyticsSettings(slug, infinite), "analytics.clv.annualDiscountRate", /too large/);
    const deep = JSON.parse(`{"analytics":${"[".repeat(5_000)}${"]".repeat(5_000)}}`) as unknown;
    await expectFieldError("5,000 deep", () => analyticsActions.saveAnalyticsSettings(slug, deep as never), "analytics.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", /nests deeper/);
  });

  it("members: NUL in a name, an email or a user id", async () => {
    await expectFieldError("NUL name", () => memberActions.addMemberAction(slug, { email: "new@example.test", name: "Ada\u0000", role: "ANALYST", password: "a long enough password 1" }), "name", /NUL/);
    await expectFieldError("NUL user id", () => memberActions.changeRoleAction(slug, { userId: "u\u0000", role: "ANALYST" }), "userId", /NUL/);
    await expectFieldError("NUL user id (remove)", () => memberActions.removeMemberAction(slug, { userId: "\u0000" }), "userId", /NUL/);
  });

  it("a workspace slug that cannot exist, or that is not text at all, is not found", async () => {
    for (const workspace of ["\u0000", "w".repeat(10_000), { toString: () => "x" }, 12]) {
      const result = await memberActions.removeMemberAction(workspace as string, { userId: "x" });
      expect(result, String(workspace).slice(0, 10)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
  });
});

describe("backstop: a Postgres data error a door missed is a 422, not a 500", () => {
  async function refusalOf(query: () => Promise<unknown>): Promise<unknown> {
    return query().then(
      () => null,
      (err: unknown) => err,
    );
  }

  it("maps out-of-range, NUL, malformed and too-deep values, through pg and through Prisma, to 422; other errors stay 500", async () => {
    const errors = [
      await refusalOf(() => pool.query("SELECT $1::int8", [bigInt8])),
      await refusalOf(() => pool.query("SELECT $1::text", ["a\u0000b"])),
      await refusalOf(() => pool.query("SELECT $1::jsonb", ['{"a":"\\u0000"}'])),
      await refusalOf(() => pool.query("SELECT $1::int4", ["x"])),
      await refusalOf(() => pool.query("SELECT $1::date", ["2024-02-30"])),
      await refusalOf(() => pool.query("SELECT $1::jsonb", ["[".repeat(100_000) + "]".repeat(100_000)])),
      await refusalOf(() => db.$queryRaw`SELECT ${bigInt8}::int8`),
      await refusalOf(() => db.customer.findFirst({ where: { workspaceId, externalId: "a\u0000b" } })),
    ];
    for (const err of errors) {
      expect(err, String(err)).toBeInstanceOf(Error);
      const res = errorResponse(err);
      expect(res.status, String(err)).toBe(422);
      expect(((await res.json()) as ErrorJson).error.message).toMatch(/a value in the request is invalid/i);
    }
    const notData = await refusalOf(() => pool.query("SELECT * FROM no_such_table"));
    expect(errorResponse(notData).status).toBe(500);
  });
});
