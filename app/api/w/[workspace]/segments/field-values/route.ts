// GET /api/w/{workspace}/segments/field-values?source=country: values that exist in the workspace, for the builder's pickers.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { VALUE_SOURCES, readFieldValues } from "@/lib/segments/field-values";

const querySchema = z.object({ source: z.enum(VALUE_SOURCES) });

export const GET = withWorkspace("segments.read", async (req, access) => {
  const { source } = querySchema.parse({ source: new URL(req.url).searchParams.get("source") ?? undefined });
  const values = await readFieldValues(access.workspace.id, source);
  return NextResponse.json(values, { headers: { "cache-control": "private, max-age=60" } });
});
