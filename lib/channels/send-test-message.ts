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
import { sendPush } from "./push/send-push.ts";
import { loadChannelSettings, type EmailSettings, type PushSettings, type SmsSettings, type WebhookSettings } from "./settings.ts";
import { sendSms } from "./sms/send-sms.ts";
import { smsAddress } from "./sms/phone-address.ts";
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
  /** The network policy for the webhook's and the providers' URLs (tests choose theirs). */
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

async function sendTestSms(settings: SmsSettings, to: string, key: string, context: Context, network: WebhookNetworkPolicy | undefined): Promise<SendResult> {
  // Plain GSM-7 wording, so the test is one part; the provider's own deadline (the saved timeout) applies.
  const text = `ValueLoop test message for ${context.workspace.name}, sent by ${context.actor.name}: SMS can go out this way. No action is needed.`;
  return sendSms({ idempotencyKey: key, to, text }, settings, network ? { network } : {});
}

async function sendTestPush(settings: PushSettings, to: string, key: string, context: Context, network: WebhookNetworkPolicy | undefined): Promise<SendResult> {
  const message = {
    idempotencyKey: key,
    to,
    title: "ValueLoop test message",
    body: `Sent by ${context.actor.name} from the push settings of ${context.workspace.name}. No action is needed.`,
    data: { valueloop: "test" },
  };
  return sendPush(message, settings, network ? { network } : {});
}

type AnySettings = EmailSettings | WebhookSettings | SmsSettings | PushSettings;

function loadSettings(workspaceId: number, channel: TestMessageInput["channel"]): Promise<AnySettings | null> {
  switch (channel) {
    case "email":
      return loadChannelSettings(workspaceId, "email");
    case "sms":
      return loadChannelSettings(workspaceId, "sms");
    case "push":
      return loadChannelSettings(workspaceId, "push");
    case "webhook":
      return loadChannelSettings(workspaceId, "webhook");
  }
}

/** Every stored secret of the settings, as text: none may appear in what the admin or the audit log sees. */
function secretsOf(settings: AnySettings): (string | undefined)[] {
  switch (settings.channel) {
    case "email":
      return [settings.password?.reveal()];
    case "webhook":
      return [settings.signingSecret.reveal()];
    case "sms":
    case "push":
      return [settings.apiToken.reveal(), settings.callbackSecret.reveal()];
  }
}

/** Where the test goes, as the channel addresses it (an SMS number in E.164). */
function recipientOf(input: TestMessageInput, actorEmail: string): string | null {
  switch (input.channel) {
    case "email":
      return input.to ?? actorEmail;
    case "sms":
      return smsAddress(input.to);
    case "push":
      return input.to;
    case "webhook":
      return null;
  }
}

function sendTest(settings: AnySettings, to: string | null, key: string, context: Context, options: SendTestMessageOptions): Promise<SendResult> {
  switch (settings.channel) {
    case "email":
      return sendTestEmail(settings, to ?? context.actor.email, key, context, options.emailTimeoutMs ?? EMAIL_TEST_TIMEOUT_MS);
    case "sms":
      return sendTestSms(settings, to ?? "", key, context, options.webhookNetwork);
    case "push":
      return sendTestPush(settings, to ?? "", key, context, options.webhookNetwork);
    case "webhook":
      return sendTestWebhook(settings, key, context, options.webhookNetwork);
  }
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
  const settings = await loadSettings(workspaceId, channel);
  if (!settings) {
    const { name } = CHANNEL_LABELS[channel];
    // "email", "webhook", but "SMS".
    throw new AppError("CONFLICT", `Save the ${name === name.toUpperCase() ? name : name.toLowerCase()} settings first: a test message uses the saved settings.`);
  }
  await takeTestMessageSlot(workspaceId);

  const to = recipientOf(input, actor.email);
  const key = `test-${randomUUID()}`;
  const secrets = secretsOf(settings);
  let result: TestMessageResult;
  try {
    const sent = await sendTest(settings, to, key, context, options);
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
