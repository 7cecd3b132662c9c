// POST /api/w/{workspace}/segments/{id}/refresh: "Refresh now". GET: where the refresh stands (the page polls it).
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { parseSegmentId } from "@/lib/segments/route-params";
import { readRefreshStatus, requestSegmentRefresh } from "@/lib/segments/request-refresh";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (_req, access, params) => {
  const status = await readRefreshStatus(access.workspace.id, parseSegmentId(params.segmentId));
  return NextResponse.json(status, { headers: { "cache-control": "no-store" } });
});

export const POST = withWorkspace<Params>("segments.write", async (_req, access, params) => {
  const segmentId = parseSegmentId(params.segmentId);
  const segment = await db.segment.findFirst({ where: { id: segmentId, workspaceId: access.workspace.id }, select: { kind: true, archivedAt: true, name: true } });
  if (!segment) throw new AppError("NOT_FOUND", "Segment not found");
  if (segment.archivedAt) throw new AppError("CONFLICT", `Segment "${segment.name}" is archived`);
  if (segment.kind === "STATIC") throw new AppError("CONFLICT", `Segment "${segment.name}" is static: its members were fixed when it was saved`);
  await requestSegmentRefresh(access.workspace.id, segmentId);
  return NextResponse.json(await readRefreshStatus(access.workspace.id, segmentId), { status: 202 });
});
