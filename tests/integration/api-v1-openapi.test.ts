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
import { createSegment } from "../../lib/segments/create-segment.ts";

type Json = Record<string, unknown>;
const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

afterAll(async () => {
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
    expect(checked).toBeGreaterThanOrEqual(11);
  });

  it("every documented request example is accepted, and every response matches its documented schema", async () => {
    const doc = await loadDocument();
    const ws = await db.workspace.create({ data: { slug: `oa-${randomUUID()}`, name: "OpenAPI test" }, select: { id: true } });
    const { key } = await createWorkspaceApiKey(ws.id, "user-less", { name: "docs", scopes: ["read", "write"] });
    const segment = await createSegment(ws.id, null, { name: "Everyone", definition: EXAMPLE_SEGMENT_DEFINITION });
    const byPath = new Map<string, string>();
    for (const file of await routeFiles(API_DIR)) byPath.set(urlPath(file), file);

    const checked: string[] = [];
    // Writes first (customers before the GETs that read them back).
    const ops = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([p, o]) => Object.entries(o).map(([m, op]) => ({ p, m, op })));
    ops.sort((a, b) => (a.m === b.m ? 0 : a.m === "post" ? -1 : 1));
    for (const { p, m, op } of ops) {
      const file = byPath.get(p);
      if (!file) throw new Error(`documented ${p} has no route file`);
      const mod = (await import(file)) as Record<string, (req: NextRequest, ctx: { params: Promise<object> }) => Promise<Response>>;
      const example = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.["application/json"]?.example;
      const segmentId = String(segment.segment.id);
      const url = p.replace("{externalId}", "C-1001").replace("{segmentId}", segmentId);
      const req = new NextRequest(`http://localhost:3000${url}`, {
        method: m.toUpperCase(),
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: example === undefined ? undefined : JSON.stringify(example),
      });
      const res = await mod[m.toUpperCase()]!(req, { params: Promise.resolve({ externalId: "C-1001", segmentId }) });
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses), `${m} ${p} answered ${res.status}`).toContain(String(res.status));
      expect(res.status, `${m} ${p}`).toBeLessThan(300);
      const schema = ((responses[String(res.status)]?.content as Record<string, Json>)["application/json"] as Json).schema as Json;
      expect(conforms(doc, schema, await res.json()), `${m} ${p}`).toEqual([]);
      checked.push(`${m} ${p}`);
    }
    expect(checked.length).toBe(ops.length);
  });

  it("the documented input schemas reject what the endpoints reject (missing required field)", async () => {
    const doc = await loadDocument();
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    expect(schemas.CustomerInput?.required).toEqual(["external_id"]);
    expect(schemas.OrderInput?.required).toEqual(["external_id", "customer_external_id", "placed_at", "total"]);
    expect(schemas.EventInput?.required).toEqual(["customer_external_id", "type"]);
    expect(schemas.CustomerInput?.additionalProperties).toBe(false);
  });
});
