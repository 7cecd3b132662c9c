import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import * as openapiRoute from "../../app/api/v1/openapi.json/route.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createWorkspaceApiKey } from "../../lib/ingest/api-keys/manage-api-keys.ts";
import { EXAMPLE_SEGMENT_DEFINITION } from "../../lib/ingest/api/openapi-segments.ts";
import { runOccurrence } from "../../lib/campaigns/delivery/run-occurrence.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { configureEmail, createAudience } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

type Json = Record<string, unknown>;
const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === "route.ts") out.push(full);
  }
  return out;
}

/** "app/api/v1/customers/[externalId]/route.ts" → "/api/v1/customers/{externalId}" */
function urlPath(file: string): string {
  const rel = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
  return ["/api/v1", ...rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))].join("/");
}

async function loadDocument(): Promise<Json> {
  const res = await openapiRoute.GET(new Request("http://localhost:3000/api/v1/openapi.json"));
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

/** A small JSON Schema check (the subset the generator emits), strict about undocumented object keys. */
function conforms(doc: Json, schema: Json, value: unknown, at = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = ((doc.components as Json).schemas as Json)[name] as Json | undefined;
    return target ? conforms(doc, target, value, at) : [`${at}: unresolved ${schema.$ref}`];
  }
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as Json[]).some((s) => conforms(doc, s, value, at).length === 0) ? [] : [`${at}: matches no anyOf branch`];
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Json[]).filter((s) => conforms(doc, s, value, at).length === 0).length;
    return matching === 1 ? [] : [`${at}: matches ${matching} oneOf branches, not exactly one`];
  }
  if ("const" in schema && value !== schema.const) return [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" && Number.isInteger(value) ? "integer" : typeof value;
  if (types.length && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [`${at}: ${actual} is not ${types.join("|")}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${at}: ${String(value)} not in enum`];
  if (actual === "object" && schema.properties) {
    const props = schema.properties as Record<string, Json>;
    const obj = value as Json;
    const problems: string[] = [];
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) problems.push(`${at}.${key}: required but missing`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = props[key];
      if (!sub) problems.push(`${at}.${key}: not documented`);
      else problems.push(...conforms(doc, sub, v, `${at}.${key}`));
    }
    return problems;
  }
  if (actual === "array" && schema.items) return (value as unknown[]).flatMap((v, i) => conforms(doc, schema.items as Json, v, `${at}[${i}]`));
  return [];
}

describe("OpenAPI document", () => {
  it("documents exactly the routes and methods that exist under app/api/v1", async () => {
    const doc = await loadDocument();
    expect(doc.openapi).toBe("3.1.0");
    const implemented: string[] = [];
    for (const file of await routeFiles(API_DIR)) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") implemented.push(`${m} ${urlPath(file)}`);
    }
    const documented = Object.entries(doc.paths as Record<string, Json>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(implemented.sort());
    expect(implemented.length).toBeGreaterThanOrEqual(9);
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    const schemas = (doc.components as Json).schemas as Json;
    for (const r of refs) expect(schemas).toHaveProperty(r.slice(8, -1).replace("#/components/schemas/", ""));
  });

  it("each operation documents the scope its route enforces, and the 429 answer with Retry-After", async () => {
    const doc = await loadDocument();
    const paths = doc.paths as Record<string, Record<string, Json>>;
    let checked = 0;
    for (const file of await routeFiles(API_DIR)) {
      const mod = (await import(file)) as Record<string, (((...args: never[]) => unknown) & { requiredScope?: string }) | undefined>;
      for (const m of METHODS) {
        const handler = mod[m];
        if (!handler || urlPath(file) === "/api/v1/openapi.json") continue;
        const op = paths[urlPath(file)]?.[m.toLowerCase()] ?? {};
        expect(handler.requiredScope, `${m} ${urlPath(file)} names its scope`).toMatch(/^(read|write|send)$/);
        expect(op.security, `${m} ${urlPath(file)}`).toEqual([{ apiKey: [handler.requiredScope] }]);
        const tooMany = (op.responses as Record<string, Json>)["429"];
        expect((tooMany?.headers as Json | undefined)?.["Retry-After"], `${m} ${urlPath(file)}`).toMatchObject({ schema: { type: "integer", minimum: 1 } });
        expect(Object.keys(op.responses as Json), `${m} ${urlPath(file)}`).toContain("403");
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(22);
  });

  it("every documented request example is accepted, and every response matches its documented schema", async () => {
    const doc = await loadDocument();
    const ws = await db.workspace.create({ data: { slug: `oa-${randomUUID()}`, name: "OpenAPI test" }, select: { id: true } });
    const { key } = await createWorkspaceApiKey(ws.id, "user-less", { name: "docs", scopes: ["read", "write"] });
    const segment = await createSegment(ws.id, null, { name: "Everyone", definition: EXAMPLE_SEGMENT_DEFINITION });
    const byPath = new Map<string, string>();
    for (const file of await routeFiles(API_DIR)) byPath.set(urlPath(file), file);

    const checked: string[] = [];
    // Writes first (customers before the GETs that read them back; products before the orders and lines naming them). Campaigns have an order of their own (the next test).
    const ops = Object.entries(doc.paths as Record<string, Record<string, Json>>)
      .filter(([p]) => !p.startsWith("/api/v1/campaigns"))
      .flatMap(([p, o]) => Object.entries(o).map(([m, op]) => ({ p, m, op })));
    ops.sort((a, b) => (a.m === b.m ? 0 : a.m === "post" ? -1 : 1));
    for (const { p, m, op } of ops) {
      const file = byPath.get(p);
      if (!file) throw new Error(`documented ${p} has no route file`);
      const mod = (await import(file)) as Record<string, (req: NextRequest, ctx: { params: Promise<object> }) => Promise<Response>>;
      const example = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.["application/json"]?.example;
      const segmentId = String(segment.segment.id);
      const externalId = "C-1001";
      const productExternalId = "TEA-01";
      const url = p.replace("{externalId}", externalId).replace("{productExternalId}", productExternalId).replace("{segmentId}", segmentId);
      const req = new NextRequest(`http://localhost:3000${url}`, {
        method: m.toUpperCase(),
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: example === undefined ? undefined : JSON.stringify(example),
      });
      const res = await mod[m.toUpperCase()]!(req, { params: Promise.resolve({ externalId, productExternalId, segmentId }) });
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses), `${m} ${p} answered ${res.status}`).toContain(String(res.status));
      expect(res.status, `${m} ${p}`).toBeLessThan(300);
      const schema = ((responses[String(res.status)]?.content as Record<string, Json>)["application/json"] as Json).schema as Json;
      expect(conforms(doc, schema, await res.json()), `${m} ${p}`).toEqual([]);
      checked.push(`${m} ${p}`);
    }
    expect(checked.length).toBe(ops.length);
  });

  it("walking a campaign through its life touches every campaign operation, and each answer (a 409 too) matches its documented schema", async () => {
    const doc = await loadDocument();
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const { key } = await createWorkspaceApiKey(ws.id, admin.id, { name: "campaigns", scopes: ["read", "write", "send"] });
    const { segmentId } = await createAudience(ws.id, [{ email: "ada@customer.example" }, { email: "grace@customer.example" }, { email: null }]);
    // Saved settings are all a launch needs; nothing is sent in this file (no worker takes the jobs).
    await configureEmail(ws.id, admin.id, 2525);
    const byPath = new Map<string, string>();
    for (const file of await routeFiles(API_DIR)) byPath.set(urlPath(file), file);
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const ids = { campaignId: "", messageId: "" };

    async function step(method: string, p: string, expected: number, body?: unknown) {
      const op = paths[p]?.[method];
      if (!op) throw new Error(`${method} ${p} is not documented`);
      const mod = (await import(byPath.get(p)!)) as Record<string, (req: NextRequest, ctx: { params: Promise<object> }) => Promise<Response>>;
      const url = p.replace("{campaignId}", ids.campaignId).replace("{messageId}", ids.messageId);
      const req = new NextRequest(`http://localhost:3000${url}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const res = await mod[method.toUpperCase()]!(req, { params: Promise.resolve({ ...ids }) });
      const json = (await res.json()) as Json;
      expect(res.status, `${method} ${p}: ${JSON.stringify(json).slice(0, 300)}`).toBe(expected);
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses), `${method} ${p} answered ${res.status}`).toContain(String(res.status));
      const schema = ((responses[String(res.status)]?.content as Record<string, Json>)["application/json"] as Json).schema as Json;
      expect(conforms(doc, schema, json), `${method} ${p} ${res.status}`).toEqual([]);
      walked.add(`${method} ${p}`);
      return json;
    }
    const walked = new Set<string>();
    const example = (method: string, p: string) => (((paths[p]![method]!.requestBody as Json).content as Record<string, Json>)["application/json"] as Json).example;

    const created = await step("post", "/api/v1/campaigns", 201, { ...(example("post", "/api/v1/campaigns") as Json), segmentId });
    ids.campaignId = String((created.data as { id: number }).id);
    await step("get", "/api/v1/campaigns", 200);
    await step("get", "/api/v1/campaigns/{campaignId}", 200);
    await step("patch", "/api/v1/campaigns/{campaignId}", 200, example("patch", "/api/v1/campaigns/{campaignId}"));
    const preview = await step("get", "/api/v1/campaigns/{campaignId}/preview", 200);
    // The campaign's salt is random, its default control group 10% and the global control 5%: any of the three
    // customers may be a global control member (skipped as such, before the address is looked at); the others
    // with an address are queued (held out in the control group or not, held-out ones counted among the queued,
    // plan-messages.ts), the one without is skipped for it.
    expect(preview.data).toMatchObject({ segmentSize: 3, counts: { audience: 3 } });
    const planned = (preview.data as { counts: { queued: number; heldOut: number; skipped: Record<string, number> } }).counts;
    const globalControl = planned.skipped.global_control ?? 0;
    const noAddress = planned.skipped.no_address ?? 0;
    expect(Object.keys(planned.skipped).filter((reason) => reason !== "global_control" && reason !== "no_address")).toEqual([]);
    expect(planned.queued + noAddress + globalControl).toBe(3);
    // The customer without an address is skipped either for that or as a global control member.
    expect(noAddress).toBeLessThanOrEqual(1);
    expect(noAddress + globalControl).toBeGreaterThanOrEqual(1);
    expect(planned.heldOut).toBeLessThanOrEqual(planned.queued);
    await step("post", "/api/v1/campaigns/{campaignId}/launch", 200);
    // What the campaigns worker does with the launch's job: plan the occurrence into message rows.
    const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM campaign_occurrence WHERE campaign_id = $1`, [Number(ids.campaignId)]);
    await runOccurrence(ws.id, Number(ids.campaignId), rows[0]!.id);
    const messages = await step("get", "/api/v1/campaigns/{campaignId}/messages", 200);
    expect(messages.data).toHaveLength(3);
    ids.messageId = (messages.data as { id: string }[])[0]!.id;
    await step("get", "/api/v1/campaigns/{campaignId}/messages/{messageId}", 200);
    const results = await step("get", "/api/v1/campaigns/{campaignId}/results", 200);
    expect(results.data).toMatchObject({ state: "too_early", customers: 0 });
    await step("post", "/api/v1/campaigns/{campaignId}/pause", 200);
    await step("post", "/api/v1/campaigns/{campaignId}/resume", 200);
    await step("post", "/api/v1/campaigns/{campaignId}/archive", 200);
    // A launch of the archived campaign: the documented 409 with the campaign as it is.
    const refused = await step("post", "/api/v1/campaigns/{campaignId}/launch", 409);
    expect(refused).toMatchObject({ error: { code: "CONFLICT", details: { campaign: { status: "archived" } } } });

    const documented = Object.entries(paths)
      .filter(([p]) => p.startsWith("/api/v1/campaigns"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect([...walked].sort()).toEqual(documented.sort());
  });

  it("the documented input schemas reject what the endpoints reject (missing required field)", async () => {
    const doc = await loadDocument();
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    expect(schemas.CustomerInput?.required).toEqual(["external_id"]);
    expect(schemas.OrderInput?.required).toEqual(["external_id", "customer_external_id", "placed_at", "total"]);
    expect(schemas.EventInput?.required).toEqual(["customer_external_id", "type"]);
    expect(schemas.ProductInput?.required).toEqual(["external_id", "name"]);
    expect(schemas.OrderLineInput?.required).toEqual(["order_external_id", "product_external_id", "unit_price"]);
    expect(schemas.ProductInput?.additionalProperties).toBe(false);
    expect(schemas.CustomerInput?.additionalProperties).toBe(false);
  });
});
