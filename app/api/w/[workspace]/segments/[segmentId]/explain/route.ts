// GET /api/w/{workspace}/segments/{id}/explain?customerId=: each rule of the segment marked true/false for one customer.
import { NextResponse } from "next/server";
import { withWorkspace } from "@/lib/next/route-wrappers";
import { explainForCustomer } from "@/lib/segments/explain-for-customer";
import { parseSegmentId } from "@/lib/segments/route-params";

type Params = { workspace: string; segmentId: string };

export const GET = withWorkspace<Params>("segments.read", async (req, access, params) => {
  const customerId = new URL(req.url).searchParams.get("customerId");
  const body = await explainForCustomer(access.workspace.id, access.workspace.currency, parseSegmentId(params.segmentId), customerId, access.workspace.timezone);
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
