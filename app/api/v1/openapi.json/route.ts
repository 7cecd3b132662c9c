// Public API: the OpenAPI 3.1 description of /api/v1 (no key needed), generated from the same zod schemas the endpoints validate with.
import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/ingest/api/openapi";

export function GET(req: Request) {
  return NextResponse.json(buildOpenApiDocument(new URL(req.url).origin), { headers: { "cache-control": "public, max-age=300" } });
}
