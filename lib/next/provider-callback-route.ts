import { NextResponse, type NextRequest } from "next/server";
import type { CallbackChannel } from "../channels/callback-secret.ts";
import { MAX_CALLBACK_BODY_BYTES, receiveCallback } from "../campaigns/tracking/receive-callback.ts";
import { CALLBACK_SIGNATURE_HEADER } from "../campaigns/tracking/verify-callback.ts";
import { errorResponse } from "./error-response.ts";
import { readBoundedBody } from "./read-bounded-body.ts";

type RouteContext = { params: Promise<{ workspace: string }> };

/**
 * The door for a channel's delivery reports, POST /api/callbacks/<channel>/<workspace>:
 * public (the provider has no session or API key) and signed with the
 * workspace's callback secret instead. A channel's route file is one line,
 * `export const POST = providerCallbackRoute("<channel>")`.
 */
export function providerCallbackRoute(channel: CallbackChannel) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const { workspace } = await ctx.params;
      const answer = await receiveCallback(channel, workspace, req.headers.get(CALLBACK_SIGNATURE_HEADER), () => readBoundedBody(req, MAX_CALLBACK_BODY_BYTES));
      return NextResponse.json(answer, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
