import { checkReceiptFreshness, verifyReceipt } from "../../channels/receipts/verify-receipt.ts";
import { loadChannelSettings } from "../../channels/settings.ts";
import { db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { receiptSchema } from "./receipt.schema.ts";
import { recordReceipt, type ReceiptChannel } from "./record-receipt.ts";

/** A receipt is a few hundred bytes; anything much larger is not one. */
export const MAX_RECEIPT_BYTES = 16 * 1024;

const REFUSED = "The signature does not match.";

/**
 * A delivery receipt posted to /api/callbacks/<channel>/<workspace slug>.
 * The cheap checks come first (the signature header's form and its
 * timestamp, before any database work); then the workspace's callback
 * secret is read and the HMAC compared. A workspace that does not exist,
 * or has no settings for the channel, is refused exactly like a wrong
 * signature, so the endpoint tells nobody which workspaces exist. Only a
 * signed body is parsed.
 */
export async function acceptReceipt(slug: string, channel: ReceiptChannel, request: { signature: string | null; body: string }, now: Date = new Date()): Promise<{ recorded: boolean }> {
  const fresh = checkReceiptFreshness(request.signature, now);
  if (!fresh.ok) throw new AppError("UNAUTHENTICATED", fresh.reason);

  const workspace = /^[a-z0-9-]{1,100}$/.test(slug) ? await db.workspace.findUnique({ where: { slug }, select: { id: true } }) : null;
  const settings = workspace ? await loadChannelSettings(workspace.id, channel) : null;
  if (!workspace || !settings) throw new AppError("UNAUTHENTICATED", REFUSED);
  const check = verifyReceipt(settings.callbackSecret.reveal(), request.signature, request.body, now);
  if (!check.ok) throw new AppError("UNAUTHENTICATED", check.reason);

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
  return recordReceipt(workspace.id, channel, receipt.data);
}
