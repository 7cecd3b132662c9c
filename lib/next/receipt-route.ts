import { NextResponse, type NextRequest } from "next/server";
import { acceptReceipt, MAX_RECEIPT_BYTES } from "../campaigns/receipts/accept-receipt.ts";
import type { ReceiptChannel } from "../campaigns/receipts/record-receipt.ts";
import { CALLBACK_SIGNATURE_HEADER } from "../campaigns/tracking/verify-callback.ts";
import { errorResponse } from "./error-response.ts";
import { readBoundedText } from "./read-text.ts";

type RouteContext = { params: Promise<{ workspace: string }> };

/**
 * The door for a channel's delivery receipts: open to anyone (no session,
 * no API key, no origin check: a provider calls it), so the request's HMAC
 * signature is its only credential. The body is read up to
 * MAX_RECEIPT_BYTES as raw text, which is what the signature covers.
 */
export function receiptRoute(channel: ReceiptChannel) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const { workspace } = await ctx.params;
      const body = await readBoundedText(req, MAX_RECEIPT_BYTES);
      const result = await acceptReceipt(workspace, channel, { signature: req.headers.get(CALLBACK_SIGNATURE_HEADER), body });
      return NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
