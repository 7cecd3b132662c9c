import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import * as listRoute from "../../app/api/w/[workspace]/segments/route.ts";
import * as countRoute from "../../app/api/w/[workspace]/segments/count/route.ts";
import * as valuesRoute from "../../app/api/w/[workspace]/segments/field-values/route.ts";
import * as segmentRoute from "../../app/api/w/[workspace]/segments/[segmentId]/route.ts";
import * as membersRoute from "../../app/api/w/[workspace]/segments/[segmentId]/members/route.ts";
import * as exportRoute from "../../app/api/w/[workspace]/segments/[segmentId]/export/route.ts";
import * as overlapRoute from "../../app/api/w/[workspace]/segments/[segmentId]/overlap/route.ts";
import * as explainRoute from "../../app/api/w/[workspace]/segments/[segmentId]/explain/route.ts";
import * as refreshRoute from "../../app/api/w/[workspace]/segments/[segmentId]/refresh/route.ts";
import * as restoreRoute from "../../app/api/w/[workspace]/segments/[segmentId]/restore/route.ts";
import * as v1List from "../../app/api/v1/segments/route.ts";
import * as v1Get from "../../app/api/v1/segments/[segmentId]/route.ts";
import * as v1Members from "../../app/api/v1/segments/[segmentId]/members/route.ts";
import * as v1Count from "../../app/api/v1/segments/count/route.ts";
import { NESTED_DEFINITION, call, seedShop } from "./segment-api-support.ts";

// The browser routes read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

afterAll(async () => {
  await closeQueues();
  await pool.end();
});

interface Shop {
  slug: string;
  workspaceId: number;
  analyst: string;
  key: string;
  idOf: Record<string, string>;
}

async function shop(): Promise<Shop> {
  const ws = await createWorkspace({ currency: "EUR" });
  const analyst = await createUser(ws.id, "ANALYST");
  const key = await createApiKey(ws.id, { name: "crm sync", scopes: ["read"] }, null);
  const { idOf } = await seedShop(ws.id);
  return { slug: ws.slug, workspaceId: ws.id, analyst: analyst.id, key: key.plaintext, idOf };
}

const json = (value: unknown) => JSON.stringify(value);

describe("saving and reading segments in the browser", () => {
  let s: Shop;
  beforeAll(async () => {
    s = await shop();
  });

  it("an analyst counts a nested definition, saves it, and its refreshed members are the customers the rules describe", async () => {
    session.userId = s.analyst;
    const count = await call(countRoute.POST, `/api/w/${s.slug}/segments/count`, { workspace: s.slug }, { method: "POST", body: json({ definition: NESTED_DEFINITION }) });
    expect(count.status).toBe(200);
    expect(count.json).toMatchObject({ size: 4, total: 6, share: 4 / 6 });
    const sample = (count.json as { sample: { id: string }[] }).sample.map((c) => c.id).sort();
    expect(sample).toEqual([s.idOf.ana, s.idOf.ben, s.idOf.carl, s.idOf.emil].sort());

    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, {
      method: "POST",
      body: json({ name: "FR/DE valuable or lapsed", kind: "DYNAMIC", definition: NESTED_DEFINITION }),
    });
    expect(created.status).toBe(201);
    const id = (created.json as { segment: { id: number; kind: string } }).segment.id;
    await refreshSegment(s.workspaceId, id);

    const members = await call(membersRoute.GET, `/api/w/${s.slug}/segments/${id}/members`, { workspace: s.slug, segmentId: String(id) });
    expect((members.json as { members: { externalId: string }[] }).members.map((m) => m.externalId)).toEqual(["ana", "ben", "carl", "emil"]);

    const got = await call(segmentRoute.GET, `/api/w/${s.slug}/segments/${id}`, { workspace: s.slug, segmentId: String(id) });
    expect(got.json).toMatchObject({ segment: { id, size: 4, kind: "DYNAMIC", definition: NESTED_DEFINITION } });

    const list = await call(listRoute.GET, `/api/w/${s.slug}/segments`, { workspace: s.slug });
    expect((list.json as { segments: { name: string; size: number }[] }).segments).toContainEqual(expect.objectContaining({ name: "FR/DE valuable or lapsed", size: 4 }));
  });

  it("explains, rule by rule, why a customer is in or not in a segment", async () => {
    session.userId = s.analyst;
    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, {
      method: "POST",
      body: json({ name: "Explained", kind: "STATIC", definition: NESTED_DEFINITION }),
    });
    const id = String((created.json as { segment: { id: number } }).segment.id);
    const why = async (ext: string) =>
      (await call(explainRoute.GET, `/api/w/${s.slug}/segments/${id}/explain?customerId=${s.idOf[ext]}`, { workspace: s.slug, segmentId: id })).json as {
        matchesNow: boolean;
        isMember: boolean;
        root: { result: boolean; children: { id: string; result: boolean; label: string; children?: { id: string; result: boolean }[] }[] };
      };
    const fay = await why("fay");
    expect(fay).toMatchObject({ matchesNow: false, isMember: false, root: { result: false } });
    const [country, valueOrLapsed] = fay.root.children;
    expect(country).toMatchObject({ id: "country", result: true, label: "Country is any of “FR”, “DE”" });
    expect(valueOrLapsed).toMatchObject({ id: "value-or-lapsed", result: false });
    expect(valueOrLapsed!.children!.map((c) => [c.id, c.result])).toEqual([
      ["valuable", false],
      ["lapsed", false],
    ]);
    const ben = await why("ben");
    expect(ben).toMatchObject({ matchesNow: true, isMember: true, root: { result: true } });

    // Each attribute and metric rule shows the customer's own value, read here with plain SQL.
    const stored = await pool.query<{ country: string | null; revenue: string | null; rfm: string | null; currency: string }>(
      `SELECT c.country::text AS country, m.revenue::text AS revenue, m.rfm_segment AS rfm, w.currency::text AS currency
         FROM customer c JOIN workspace w ON w.id = c.workspace_id LEFT JOIN customer_metrics m ON m.customer_id = c.id WHERE c.id = $1`,
      [s.idOf.fay],
    );
    const faysOwn = stored.rows[0]!;
    const flat = (n: { id: string; actual?: string; children?: unknown[] }): { id: string; actual?: string }[] => [n, ...((n.children ?? []) as (typeof n)[]).flatMap(flat)];
    const actual = new Map(flat(fay.root as never).map((n) => [n.id, n.actual]));
    expect(actual.get("country")).toBe(faysOwn.country ?? "none");
    expect(actual.get("spend")).toBe(faysOwn.revenue === null ? "none" : new Intl.NumberFormat("en-US", { style: "currency", currency: faysOwn.currency, maximumFractionDigits: 2 }).format(Number(faysOwn.revenue)));
    expect(actual.get("rfm")).toBe(faysOwn.rfm ?? "none");
    expect(actual.get("root")).toBeUndefined();

    const stranger = await call(explainRoute.GET, `/api/w/${s.slug}/segments/${id}/explain?customerId=999999999`, { workspace: s.slug, segmentId: id });
    expect(stranger.status).toBe(404);
  });

  it("streams the members as CSV and compares two segments", async () => {
    session.userId = s.analyst;
    const make = async (name: string, countries: string[]) => {
      const res = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, {
        method: "POST",
        body: json({ name, kind: "STATIC", definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "c", type: "attribute", field: "country", match: { op: "in", values: countries } }] } } }),
      });
      expect(res.status).toBe(201);
      return String((res.json as { segment: { id: number } }).segment.id);
    };
    const france = await make("France", ["FR"]);
    const europe = await make("France and Germany", ["FR", "DE"]);

    const csv = await call(exportRoute.GET, `/api/w/${s.slug}/segments/${france}/export`, { workspace: s.slug, segmentId: france });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="France-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,external_id,email,first_name,last_name,phone,country,entered_at,predicted_clv_12m,rfm_segment,p_alive,email_consent,sms_consent,push_consent",
    );
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["ana", "ben", "fay"]);
    // The value and consent columns, against the stored rows read with plain SQL.
    const stored = await pool.query<{ id: string; clv: number | null; rfm: string | null; pa: number | null; e: boolean; s: boolean; p: boolean }>(
      `SELECT c.id::text, m.predicted_clv_12m AS clv, m.rfm_segment AS rfm, m.p_alive AS pa, c.email_consent AS e, c.sms_consent AS s, c.push_consent AS p
         FROM customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id
        WHERE c.workspace_id = (SELECT id FROM workspace WHERE slug = $1) AND c.external_id IN ('ana', 'ben', 'fay') ORDER BY c.id`,
      [s.slug],
    );
    const cell = (v: number | string | null) => (v === null ? "" : String(v));
    expect(lines.slice(1).map((l) => l.split(",").slice(8))).toEqual(stored.rows.map((r) => [cell(r.clv), cell(r.rfm), cell(r.pa), String(r.e), String(r.s), String(r.p)]));

    const overlap = await call(overlapRoute.GET, `/api/w/${s.slug}/segments/${france}/overlap?with=${europe}`, { workspace: s.slug, segmentId: france });
    expect(overlap.json).toMatchObject({ a: { name: "France", size: 3 }, b: { name: "France and Germany", size: 5 }, both: 3, onlyA: 0, onlyB: 2, union: 5 });
  });

  it("offers the values that exist in the workspace to the pickers", async () => {
    session.userId = s.analyst;
    const get = async (source: string) => (await call(valuesRoute.GET, `/api/w/${s.slug}/segments/field-values?source=${source}`, { workspace: s.slug })).json as { values: { value: string; label: string }[] };
    expect((await get("country")).values.map((v) => v.value)).toEqual(["FR", "DE", "US"]);
    expect((await get("country")).values[0]!.label).toBe("France (FR)");
    expect((await get("acquisitionChannel")).values.map((v) => v.value).sort()).toEqual(["ads", "email"]);
    // The workspace's RFM segment names are offered even before a customer lands in them.
    const rfm = (await get("rfmSegment")).values.map((v) => v.value);
    expect(rfm).toEqual(expect.arrayContaining(["Champions", "Hibernating", "Need attention", "At risk"]));
    const bad = await call(valuesRoute.GET, `/api/w/${s.slug}/segments/field-values?source=password_hash`, { workspace: s.slug });
    expect(bad.status).toBe(422);
  });

  it("answers 401 without a session and 404 to someone outside the workspace, for every segment route", async () => {
    const outsiderWs = await createWorkspace();
    const outsider = await createUser(outsiderWs.id, "ADMIN");
    session.userId = s.analyst;
    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, {
      method: "POST",
      body: json({ name: "Private", kind: "STATIC", definition: NESTED_DEFINITION }),
    });
    const id = String((created.json as { segment: { id: number } }).segment.id);
    const p = { workspace: s.slug, segmentId: id };
    const attempts = [
      () => call(listRoute.GET, `/api/w/${s.slug}/segments`, { workspace: s.slug }),
      () => call(countRoute.POST, `/api/w/${s.slug}/segments/count`, { workspace: s.slug }, { method: "POST", body: json({ definition: NESTED_DEFINITION }) }),
      () => call(segmentRoute.GET, `/api/w/${s.slug}/segments/${id}`, p),
      () => call(segmentRoute.PATCH, `/api/w/${s.slug}/segments/${id}`, p, { method: "PATCH", body: json({ name: "Stolen" }) }),
      () => call(segmentRoute.DELETE, `/api/w/${s.slug}/segments/${id}`, p, { method: "DELETE" }),
      () => call(membersRoute.GET, `/api/w/${s.slug}/segments/${id}/members`, p),
      () => call(exportRoute.GET, `/api/w/${s.slug}/segments/${id}/export`, p),
      () => call(refreshRoute.POST, `/api/w/${s.slug}/segments/${id}/refresh`, p, { method: "POST" }),
      () => call(restoreRoute.POST, `/api/w/${s.slug}/segments/${id}/restore`, p, { method: "POST" }),
    ];
    for (const attempt of attempts) {
      session.userId = null;
      expect((await attempt()).status).toBe(401);
      session.userId = outsider.id;
      expect((await attempt()).status).toBe(404);
    }
    session.userId = s.analyst;
    const still = await call(segmentRoute.GET, `/api/w/${s.slug}/segments/${id}`, p);
    expect(still.json).toMatchObject({ segment: { name: "Private", archivedAt: null } });
  });

  it("restores an archived segment (audited), and refuses while an active segment holds its name", async () => {
    session.userId = s.analyst;
    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, { method: "POST", body: json({ name: "Comeback", kind: "STATIC", definition: NESTED_DEFINITION }) });
    const id = String((created.json as { segment: { id: number } }).segment.id);
    const p = { workspace: s.slug, segmentId: id };
    expect((await call(segmentRoute.DELETE, `/api/w/${s.slug}/segments/${id}`, p, { method: "DELETE" })).status).toBe(200);
    const archivedAt = await pool.query<{ archived_at: Date | null }>(`SELECT archived_at FROM segment WHERE id = $1`, [id]);
    expect(archivedAt.rows[0]!.archived_at).not.toBeNull();

    // Another segment takes the name meanwhile: the restore is refused, naming why, and changes nothing.
    const twin = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, { method: "POST", body: json({ name: "Comeback", kind: "STATIC", definition: NESTED_DEFINITION }) });
    expect(twin.status).toBe(201);
    const refused = await call(restoreRoute.POST, `/api/w/${s.slug}/segments/${id}/restore`, p, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toMatch(/Another active segment is named \\"Comeback\\"/);
    expect((await pool.query(`SELECT 1 FROM segment WHERE id = $1 AND archived_at IS NOT NULL`, [id])).rowCount).toBe(1);

    const twinId = String((twin.json as { segment: { id: number } }).segment.id);
    await call(segmentRoute.DELETE, `/api/w/${s.slug}/segments/${twinId}`, { workspace: s.slug, segmentId: twinId }, { method: "DELETE" });
    const restored = await call(restoreRoute.POST, `/api/w/${s.slug}/segments/${id}/restore`, p, { method: "POST" });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ name: "Comeback", archivedAt: null });
    const audited = await pool.query(`SELECT 1 FROM audit_log WHERE action = 'segment.restore' AND target_id = $1`, [id]);
    expect(audited.rowCount).toBe(1);
  });

  it("records the rules version of each size, so an edit starts a new line in the size history", async () => {
    session.userId = s.analyst;
    const country = (values: string[]) => ({ version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "c", type: "attribute", field: "country", match: { op: "in", values } }] } });
    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, { method: "POST", body: json({ name: "Versioned", definition: country(["FR"]) }) });
    const id = Number((created.json as { segment: { id: number } }).segment.id);
    await refreshSegment(s.workspaceId, id);
    const p = { workspace: s.slug, segmentId: String(id) };
    expect((await call(segmentRoute.PATCH, `/api/w/${s.slug}/segments/${id}`, p, { method: "PATCH", body: json({ definition: country(["FR", "DE"]) }) })).status).toBe(200);
    await refreshSegment(s.workspaceId, id);
    const history = await pool.query<{ size: number; definition_version: number }>(`SELECT size, definition_version FROM segment_size_history WHERE segment_id = $1 ORDER BY at`, [id]);
    const sizes = await pool.query<{ fr: number; frde: number }>(
      `SELECT count(*) FILTER (WHERE country = 'FR')::int AS fr, count(*) FILTER (WHERE country IN ('FR', 'DE'))::int AS frde FROM customer WHERE workspace_id = $1`,
      [s.workspaceId],
    );
    expect(history.rows.map((r) => [r.definition_version, r.size])).toEqual([
      [1, sizes.rows[0]!.fr],
      [2, sizes.rows[0]!.frde],
    ]);
  });

  it("says which rule is wrong, and a name already taken is a conflict", async () => {
    session.userId = s.analyst;
    const broken = structuredClone(NESTED_DEFINITION) as unknown as { root: { children: [unknown, { children: [{ children: [{ match: unknown }] }] }] } };
    broken.root.children[1].children[0].children[0].match = { op: "gte", value: "a lot" };
    const res = await call(countRoute.POST, `/api/w/${s.slug}/segments/count`, { workspace: s.slug }, { method: "POST", body: json({ definition: broken }) });
    expect(res.status).toBe(422);
    expect((res.json as { error: { details: { issues: { nodeId: string }[] } } }).error.details.issues[0]!.nodeId).toBe("spend");

    const a = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, { method: "POST", body: json({ name: "Twice", definition: NESTED_DEFINITION }) });
    expect(a.status).toBe(201);
    const b = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, { method: "POST", body: json({ name: "Twice", definition: NESTED_DEFINITION }) });
    expect(b.status).toBe(409);
  });
});

describe("public segment API", () => {
  it("lists segments, shows one with its definition, pages through members by customer id, and counts without saving", async () => {
    const s = await shop();
    session.userId = s.analyst;
    const created = await call(listRoute.POST, `/api/w/${s.slug}/segments`, { workspace: s.slug }, {
      method: "POST",
      body: json({ name: "Everyone but Dora", kind: "STATIC", definition: { version: 1, root: { id: "root", type: "group", combinator: "and", negate: true, children: [{ id: "us", type: "attribute", field: "country", match: { op: "equals", value: "US" } }] } } }),
    });
    const id = String((created.json as { segment: { id: number } }).segment.id);
    const auth = { authorization: `Bearer ${s.key}` };

    const list = await call(v1List.GET, "/api/v1/segments", {}, { headers: auth });
    expect(list.status).toBe(200);
    expect((list.json as { data: { id: number; name: string; size: number }[] }).data).toEqual([expect.objectContaining({ id: Number(id), name: "Everyone but Dora", size: 5 })]);

    const one = await call(v1Get.GET, `/api/v1/segments/${id}`, { segmentId: id }, { headers: auth });
    expect(one.json).toMatchObject({ data: { id: Number(id), size: 5, kind: "STATIC", definition: { root: { negate: true } } } });

    const seen: { customerId: string; externalId: string; email: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await call(v1Members.GET, `/api/v1/segments/${id}/members?limit=2${after ? `&after=${after}` : ""}`, { segmentId: id }, { headers: auth });
      expect(page.status).toBe(200);
      const body = page.json as { data: typeof seen; nextCursor: string | null };
      seen.push(...body.data);
      after = body.nextCursor;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((m) => m.externalId)).toEqual(["ana", "ben", "carl", "emil", "fay"]);
    expect(seen.map((m) => m.email)).toEqual(["ana", "ben", "carl", "emil", "fay"].map((n) => `${n}@example.test`));
    expect(seen.map((m) => BigInt(m.customerId))).toEqual([...seen.map((m) => BigInt(m.customerId))].sort((x, y) => (x < y ? -1 : 1)));

    const count = await call(v1Count.POST, "/api/v1/segments/count", {}, { method: "POST", headers: auth, body: json({ definition: NESTED_DEFINITION, sampleSize: 0 }) });
    expect(count.json).toEqual({ data: { size: 4, total: 6, share: 4 / 6, sample: [] } });
    expect((await call(v1List.GET, "/api/v1/segments", {}, { headers: auth })).json).toEqual(list.json);
  });

  it("keeps each key to its own workspace and refuses bad keys and cursors", async () => {
    const a = await shop();
    const b = await shop();
    session.userId = a.analyst;
    const created = await call(listRoute.POST, `/api/w/${a.slug}/segments`, { workspace: a.slug }, { method: "POST", body: json({ name: "A only", kind: "STATIC", definition: NESTED_DEFINITION }) });
    const id = String((created.json as { segment: { id: number } }).segment.id);
    const asB = { authorization: `Bearer ${b.key}` };
    expect((await call(v1Get.GET, `/api/v1/segments/${id}`, { segmentId: id }, { headers: asB })).status).toBe(404);
    expect((await call(v1Members.GET, `/api/v1/segments/${id}/members`, { segmentId: id }, { headers: asB })).status).toBe(404);
    expect((await call(v1List.GET, "/api/v1/segments", {}, { headers: asB })).json).toEqual({ data: [] });
    expect((await call(v1List.GET, "/api/v1/segments", {})).status).toBe(401);
    expect((await call(v1List.GET, "/api/v1/segments", {}, { headers: { authorization: "Bearer vl_live_nope" } })).status).toBe(401);
    const asA = { authorization: `Bearer ${a.key}` };
    for (const query of ["after=abc", "after=-1", "limit=0", "limit=5000", "limit=1.5", "after=1e9"]) {
      const res = await call(v1Members.GET, `/api/v1/segments/${id}/members?${query}`, { segmentId: id }, { headers: asA });
      expect(res.status, query).toBe(422);
    }
    for (const badId of ["abc", "0", "-3", "99999999999", "1;DROP TABLE segment"]) {
      expect((await call(v1Get.GET, `/api/v1/segments/${encodeURIComponent(badId)}`, { segmentId: badId }, { headers: asA })).status, badId).toBe(404);
    }
  });
});
