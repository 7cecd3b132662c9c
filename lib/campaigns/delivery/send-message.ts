import { channels, isAvailableChannel } from "../../channels/registry.ts";
import type { SendFailure } from "../../channels/channel.ts";
import { env } from "../../env.ts";
import { pool } from "../../db/pool.ts";
import { normaliseAddress } from "../policy/channel-audience-sql.ts";
import { renderForChannel } from "./render-for-channel.ts";
import { claimMessage, finishClaimed, type ClaimedMessage } from "./claim-message.ts";
import { takeSendSlot } from "./rate-limit.ts";
import { recordHeldOut, recordRetry, recordSent, suppressAddress } from "./record-outcome.ts";
import { cachedCampaign, cachedChannelSettings, cachedContactPolicy } from "./sender-caches.ts";

/** After this many tries a retryable failure becomes final. */
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 3_600_000;

export type SendOutcome =
  | { status: "sent" | "skipped" | "failed" | "held_out"; reason?: string }
  /** Run the job again at `at`: rate limited, not due yet, or a retryable failure. */
  | { status: "later"; at: Date; reason: string }
  | { status: "nothing"; reason: string };

/**
 * One message, start to end: rate slot → claim → render → send → record.
 * Every step that can fail for this customer alone (render, a permanent
 * refusal) ends this message with its reason and leaves the campaign going.
 */
export async function sendMessage(workspaceId: number, messageId: string): Promise<SendOutcome> {
  const policy = await cachedContactPolicy(workspaceId);
  // Only a workspace with a send rate needs the channel before the claim.
  if (Object.keys(policy.ratePerSecond).length > 0) {
    const { rows } = await pool.query<{ channel: string }>(`SELECT channel::text FROM message WHERE id = $1 AND workspace_id = $2`, [messageId, workspaceId]);
    const channelKind = rows[0]?.channel;
    if (!channelKind) return { status: "nothing", reason: "no such message" };
    const perSecond = policy.ratePerSecond[channelKind as keyof typeof policy.ratePerSecond];
    if (perSecond) {
      const wait = await takeSendSlot(workspaceId, channelKind, perSecond);
      if (wait > 0) return { status: "later", at: new Date(Date.now() + wait), reason: "rate limit" };
    }
  }

  const claim = await claimMessage(workspaceId, messageId, policy, env.MESSAGE_LEASE_MS);
  if (!claim.claimed && "skipped" in claim) return { status: "skipped", reason: claim.skipped };
  if (!claim.claimed) {
    if (claim.notBefore && claim.notBefore.getTime() > Date.now()) return { status: "later", at: claim.notBefore, reason: claim.why };
    return { status: "nothing", reason: claim.why };
  }
  const message = claim.message;
  if (!isAvailableChannel(message.channel)) return fail(message, "channel_not_configured", `No ${message.channel} channel is available.`);

  const campaign = await cachedCampaign(workspaceId, message.campaignId, message.campaignVersion);
  const customer = message.customer;
  if (!campaign) return fail(message, "no_address", "The campaign no longer exists.");

  // Consent and suppressions are checked again now: an unsubscribe since the
  // message was planned must stop it.
  const channel = channels[message.channel];
  if (channel.consentField && !customer[channel.consentField]) return skip(message, "no_consent");
  if (customer.suppressed) return skip(message, "suppressed");
  const to = channel.address(customer);
  if (!to) return skip(message, "no_address");
  // The control arm got here through the same claim and checks as the
  // treatment, so it is held out at the moment it would have been sent.
  if (message.arm === "control") {
    await recordHeldOut(message);
    return { status: "held_out" };
  }
  const settings = await cachedChannelSettings(workspaceId, message.channel);
  if (!settings) return retryOrFail(message, { outcome: "retryable", reason: `The ${message.channel} channel has no settings yet.` }, "channel_not_configured");

  const rendered = await renderForChannel(message, campaign, message.customerId);
  if (!rendered.ok) return fail(message, "render_failed", rendered.error);

  try {
    const result = await (channel.send as (m: unknown, s: unknown) => Promise<{ providerMessageId: string | null }>)({ ...rendered.message, to, idempotencyKey: message.idempotencyKey }, settings);
    await recordSent(message, result.providerMessageId);
    return { status: "sent" };
  } catch (err) {
    const failure = channel.classify(err);
    if (failure.outcome === "permanent" && failure.addressRejected) {
      const address = normaliseAddress(message.channel, to);
      if (address) await suppressAddress(message, address);
    }
    return retryOrFail(message, failure, "rejected");
  }
}

/** Exponential backoff with jitter, or the receiver's Retry-After when it gave one. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 1000), MAX_BACKOFF_MS);
  const base = Math.min(env.MESSAGE_RETRY_BASE_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

async function retryOrFail(message: ClaimedMessage, failure: SendFailure, permanentReason: string): Promise<SendOutcome> {
  if (failure.outcome === "permanent") return fail(message, permanentReason, failure.reason);
  if (message.attempts >= MAX_ATTEMPTS) return fail(message, "retries_exhausted", failure.reason);
  const at = new Date(Date.now() + backoffMs(message.attempts, failure.retryAfterMs));
  await recordRetry(message, at, failure.reason);
  return { status: "later", at, reason: failure.reason };
}

async function fail(message: ClaimedMessage, reason: string, detail: string): Promise<SendOutcome> {
  await finishClaimed(pool, message.id, message.claimToken, "failed", reason, detail.slice(0, 1000));
  return { status: "failed", reason };
}

async function skip(message: ClaimedMessage, reason: string): Promise<SendOutcome> {
  await finishClaimed(pool, message.id, message.claimToken, "skipped", reason);
  return { status: "skipped", reason };
}
