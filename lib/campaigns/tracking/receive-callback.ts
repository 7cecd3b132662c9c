import { callbackKey, type CallbackChannel } from "../../channels/callback-secret.ts";
import { AppError } from "../../errors.ts";
import { applyCallbackReport, type ReportOutcome } from "./apply-callback-report.ts";
import { callbackReportSchema } from "./callback-report.schema.ts";
import { parseCallbackSignature, signatureMatches } from "./verify-callback.ts";

/** A report is a few hundred bytes; anything near this is not one. */
export const MAX_CALLBACK_BODY_BYTES = 64 * 1024;

// One answer for a missing, malformed, stale or wrong signature and for a workspace without a secret (or none at
// all): a caller without the secret learns nothing, not even whether the workspace exists.
const REFUSED = () => new AppError("UNAUTHENTICATED", "The report's X-ValueLoop-Signature is missing, malformed, older than five minutes, or does not match.");

/**
 * A provider's signed report to POST /api/callbacks/<channel>/<workspace>,
 * cheapest refusal first: the signature header's shape and age (no body read,
 * no database), then the body, read up to MAX_CALLBACK_BODY_BYTES, then the
 * workspace's secret (cached, so a flood of forgeries reads nothing), then
 * the HMAC; only a signed report is parsed and may touch a message. A message
 * the workspace does not have is a bare 404.
 */
export async function receiveCallback(
  channel: CallbackChannel,
  slug: string,
  signatureHeader: string | null,
  readBody: () => Promise<Uint8Array>,
  now = new Date(),
): Promise<{ status: Exclude<ReportOutcome, "unknown_message"> }> {
  const parsed = parseCallbackSignature(signatureHeader, now);
  if (!parsed.ok) throw REFUSED();
  const body = await readBody();
  const key = await callbackKey(slug, channel);
  if (!key || !signatureMatches(parsed.signature, key.secret.reveal(), body)) throw REFUSED();

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("VALIDATION", "The report is not a JSON object in UTF-8.");
  }
  const report = callbackReportSchema.parse(raw);
  const outcome = await applyCallbackReport(key.workspaceId, channel, report);
  if (outcome === "unknown_message") throw new AppError("NOT_FOUND", "Not found.");
  return { status: outcome };
}
