import { randomUUID } from "node:crypto";
import { audit } from "../audit.ts";
import { db } from "../db/client.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { SendFailure, SendResult } from "./channel.ts";
import { CHANNEL_LABELS } from "./channel-labels.ts";
import { channels } from "./registry.ts";
import { requireChannelAdmin } from "./require-channel-admin.ts";
import type { TestMessageInput } from "./send-test-message.schema.ts";
import { loadChannelSettings, type EmailSettings, type WebhookSettings } from "./settings.ts";
import { takeTestMessageSlot } from "./test-message-rate-limit.ts";
import { sendWebhook } from "./webhook/send-webhook.ts";
import type { WebhookNetworkPolicy } from "./webhook/webhook-target.ts";

/** What the admin sees: what the provider answered, or why the message did not go and whether trying again can help. */
export type TestMessageResult =
  | { outcome: "sent"; channel: TestMessageInput["channel"]; to: string | null; providerMessageId: string | null; providerResponse: string | null }
  | { outcome: SendFailure["outcome"]; channel: TestMessageInput["channel"]; to: string | null; reason: string };

/**
 * SMTP settings carry no timeout of their own (nodemailer allows 10 s to
 * connect and 10 s for the greeting, then 30 s per command): the admin waits
 * at most this long for the answer.
 */
export const EMAIL_TEST_TIMEOUT_MS = 15_000;

export interface SendTestMessageOptions {
  webhookNetwork?: WebhookNetworkPolicy;
  emailTimeoutMs?: number;
}

interface Context {
  workspace: { name: string; slug: string };
  actor: { name: string; email: string };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function timeLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // Shaped like a socket timeout, so the SMTP classifier calls it what it is: retryable.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function sendTestEmail(settings: EmailSettings, to: string, key: string, context: Context, timeoutMs: number): Promise<SendResult> {
  const { workspace, actor } = context;
  const text = [
    `This is a test message from ValueLoop, sent by ${actor.name} <${actor.email}> from the email settings of the workspace "${workspace.name}".`,
    "",
    `It reached you through ${settings.config.host}:${settings.config.port}, so campaign email can go out the same way. No action is needed.`,
  ].join("\n");
  const html = `<p>This is a test message from ValueLoop, sent by ${escapeHtml(actor.name)} &lt;${escapeHtml(actor.email)}&gt; from the email settings of the workspace “${escapeHtml(workspace.name)}”.</p><p>It reached you through ${escapeHtml(settings.config.host)}:${settings.config.port}, so campaign email can go out the same way. No action is needed.</p>`;
  // Sent to the workspace's own people, who subscribed to nothing: no unsubscribe link.
  return timeLimit(channels.email.send({ idempotencyKey: key, to, subject: "ValueLoop test message", text, html, unsubscribeUrl: null }, settings), timeoutMs);
}

async function sendTestWebhook(settings: WebhookSettings, key: string, context: Context, network: WebhookNetworkPolicy | undefined): Promise<SendResult> {
  // The channel's own sender, with the network policy passed through (tests choose theirs); its timeout is the saved one.
  const message = {
    idempotencyKey: key,
    to: "test",
    event: "test",
    data: { workspace: context.workspace.slug, message: "A test request from ValueLoop's webhook settings. No action is needed." },
  };
  return network ? sendWebhook(message, settings, { network }) : channels.webhook.send(message, settings);
}

/** Nothing the provider says back may carry a stored secret to the page or the audit log. */
function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("[redacted]");
  return out;
}

/**
 * Sends one test message through a channel with its saved settings (not
 * what may be unsaved in the form), under a unique idempotency key, and says
 * what happened in words safe to show: the provider's answer, or the
 * channel's classification of the failure. Admins only; at most
 * TEST_MESSAGES_PER_MINUTE per workspace. Each send is audited afterwards,
 * with its outcome: a test message belongs to no customer record, so there
 * is no row to claim before it leaves.
 */
export async function sendTestMessage(workspaceId: number, actorUserId: string, input: TestMessageInput, options: SendTestMessageOptions = {}): Promise<TestMessageResult> {
  await requireChannelAdmin(workspaceId, actorUserId, "Only admins can send test messages.");
  const [workspace, actor] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true, slug: true } }),
    db.user.findUniqueOrThrow({ where: { id: actorUserId }, select: { name: true, email: true } }),
  ]);
  const context: Context = { workspace, actor };
  const { channel } = input;
  const settings = channel === "email" ? await loadChannelSettings(workspaceId, "email") : await loadChannelSettings(workspaceId, "webhook");
  if (!settings) throw new AppError("CONFLICT", `Save the ${CHANNEL_LABELS[channel].name.toLowerCase()} settings first: a test message uses the saved settings.`);
  await takeTestMessageSlot(workspaceId);

  const to = input.channel === "email" ? (input.to ?? actor.email) : null;
  const key = `test-${randomUUID()}`;
  const secrets = settings.channel === "email" ? [settings.password?.reveal()] : [settings.signingSecret.reveal()];
  let result: TestMessageResult;
  try {
    const sent =
      settings.channel === "email"
        ? await sendTestEmail(settings, to ?? actor.email, key, context, options.emailTimeoutMs ?? EMAIL_TEST_TIMEOUT_MS)
        : await sendTestWebhook(settings, key, context, options.webhookNetwork);
    const providerResponse = sent.providerResponse ? redact(sent.providerResponse, secrets) : null;
    result = { outcome: "sent", channel, to, providerMessageId: sent.providerMessageId, providerResponse };
  } catch (err) {
    const failure = channels[channel].classify(err);
    result = { outcome: failure.outcome, channel, to, reason: redact(failure.reason, secrets) };
  }

  await withTransaction((client) =>
    audit(client, {
      workspaceId,
      actorUserId,
      action: "settings.channel.test",
      targetType: "channel_settings",
      targetId: channel,
      metadata: {
        channel,
        to,
        outcome: result.outcome,
        detail: result.outcome === "sent" ? (result.providerResponse ?? result.providerMessageId) : result.reason,
        settingsVersion: settings.version,
      },
    }),
  );
  return result;
}
