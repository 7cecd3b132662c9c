import { callbackKey } from "../../channels/callback-secret.ts";
import { AppError } from "../../errors.ts";
import { parseCallbackSignature, signatureMatches, SIGNATURE_REFUSALS } from "../tracking/verify-callback.ts";
import { receiptSchema } from "./receipt.schema.ts";
import { recordReceipt, type ReceiptChannel } from "./record-receipt.ts";

/** A receipt is a few hundred bytes; anything much larger is not one. */
export const MAX_RECEIPT_BYTES = 16 * 1024;

/**
 * A delivery receipt posted to /api/callbacks/<channel>/<workspace slug>.
 * The cheap checks come first (the signature header's form and its
 * timestamp, before any database work); then the workspace's callback
 * secret (lib/channels/callback-secret.ts, cached, so a flood of forgeries
 * reads nothing) and the HMAC (lib/campaigns/tracking/verify-callback.ts). A
 * workspace that does not exist, or has no callback secret for the channel,
 * is refused exactly like a wrong signature, so the endpoint tells nobody
 * which workspaces exist. Only a signed body is parsed.
 */
export async function acceptReceipt(slug: string, channel: ReceiptChannel, request: { signature: string | null; body: string }, now: Date = new Date()): Promise<{ recorded: boolean }> {
  const parsed = parseCallbackSignature(request.signature, now);
  if (!parsed.ok) throw new AppError("UNAUTHENTICATED", SIGNATURE_REFUSALS[parsed.reason]);
  const key = await callbackKey(slug, channel);
  if (!key || !signatureMatches(parsed.signature, key.secret.reveal(), request.body)) throw new AppError("UNAUTHENTICATED", SIGNATURE_REFUSALS.mismatch);

  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    throw new AppError("VALIDATION", "The receipt is not JSON.");
  }
  const receipt = receiptSchema.safeParse(json);
  if (!receipt.success) {
    const details = receipt.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new AppError("VALIDATION", `${details[0]!.path || "The receipt"}: ${details[0]!.message}`, details);
  }
  return recordReceipt(key.workspaceId, channel, receipt.data);
}
