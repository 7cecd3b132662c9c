import { audit } from "../audit.ts";
import { openSecret, sealSecret } from "../crypto/env-secret-box.ts";
import { SecretBoxError } from "../crypto/secret-box.ts";
import { SecretValue } from "../crypto/secret-value.ts";
import { db, Prisma } from "../db/client.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { ChannelKind } from "./channel.ts";
import {
  emailConfigSchema,
  emailSecretSchema,
  providerSecretSchema,
  pushConfigSchema,
  smsConfigSchema,
  webhookConfigSchema,
  webhookSecretSchema,
  type ChannelSettingsInput,
  type EmailConfig,
  type EmailSettingsInput,
  type PushConfig,
  type PushSettingsInput,
  type SmsConfig,
  type SmsSettingsInput,
  type WebhookConfig,
  type WebhookSettingsInput,
} from "./channel-settings.schema.ts";
import { PROVIDER_TARGETS, PROVIDER_TOKEN_LABELS } from "./provider-api/provider-wording.ts";
import { callbackSealContext, forgetCallbackSecrets, type CallbackChannel } from "./callback-secret.ts";
import { requireChannelAdmin } from "./require-channel-admin.ts";
import { webhookUrlProblem } from "./webhook/check-webhook-url.ts";
import { webhookNetworkPolicy, WEBHOOK_WORDING, type WebhookNetworkPolicy } from "./webhook/webhook-target.ts";

/** Decrypted settings, for the sender only. The secrets print as "[redacted]" (SecretValue). */
export interface EmailSettings {
  channel: "email";
  workspaceId: number;
  /** Changes with every save; a sender keeps one connection pool per version. */
  version: string;
  config: EmailConfig;
  password: SecretValue | null;
}

export interface WebhookSettings {
  channel: "webhook";
  workspaceId: number;
  version: string;
  config: WebhookConfig;
  signingSecret: SecretValue;
}

/** SMS and push: the provider's API token and the secret delivery receipts are signed with. */
export interface SmsSettings {
  channel: "sms";
  workspaceId: number;
  version: string;
  config: SmsConfig;
  apiToken: SecretValue;
  callbackSecret: SecretValue;
}

export interface PushSettings {
  channel: "push";
  workspaceId: number;
  version: string;
  config: PushConfig;
  apiToken: SecretValue;
  callbackSecret: SecretValue;
}

interface LoadedSettings {
  email: EmailSettings;
  webhook: WebhookSettings;
  sms: SmsSettings;
  push: PushSettings;
}

export type ConfigurableChannel = keyof LoadedSettings;

interface Stamp {
  updatedAt: Date;
  updatedById: string | null;
}

/** What pages and the API show: the non-secret fields and whether a secret is stored, never the secret. */
export type ChannelSettingsView =
  | ({ channel: "email"; config: EmailConfig; hasPassword: boolean; hasCallbackSecret: boolean } & Stamp)
  | ({ channel: "webhook"; config: WebhookConfig; hasSigningSecret: boolean } & Stamp)
  // Both are stored once the channel is saved (the callback secret is required for these channels).
  | ({ channel: "sms"; config: SmsConfig; hasApiToken: boolean; hasCallbackSecret: boolean } & Stamp)
  | ({ channel: "push"; config: PushConfig; hasApiToken: boolean; hasCallbackSecret: boolean } & Stamp);

// Binds each sealed value to its row: a secret copied to another workspace's row does not open.
function sealContext(workspaceId: number, channel: ChannelKind): string {
  return `channel_settings:${workspaceId}:${channel}`;
}

function sealed<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    // A missing or wrong key is the server's configuration, not the admin's input; the message names the variable.
    if (err instanceof SecretBoxError) throw new AppError("UNAVAILABLE", `Channel secrets cannot be used: ${err.message}`);
    throw err;
  }
}

function validation(path: string, message: string): AppError {
  return new AppError("VALIDATION", message, [{ path, message }]);
}

type StoredRow = { config: Prisma.JsonValue; secret: string | null; callbackSecret: string | null; updatedAt: Date; updatedById: string | null };

async function readRow(workspaceId: number, channel: ConfigurableChannel): Promise<StoredRow | null> {
  return db.channelSettings.findUnique({
    where: { workspaceId_channel: { workspaceId, channel } },
    select: { config: true, secret: true, callbackSecret: true, updatedAt: true, updatedById: true },
  });
}

function openCallback(workspaceId: number, channel: CallbackChannel, sealedValue: string | null): SecretValue | null {
  return sealedValue === null ? null : new SecretValue(sealed(() => openSecret(sealedValue, callbackSealContext(workspaceId, channel))));
}

function openRowSecret(workspaceId: number, channel: ConfigurableChannel, secret: string | null): unknown {
  if (secret === null) return null;
  return JSON.parse(sealed(() => openSecret(secret, sealContext(workspaceId, channel))));
}

export async function loadChannelSettings<C extends ConfigurableChannel>(workspaceId: number, channel: C): Promise<LoadedSettings[C] | null> {
  const row = await readRow(workspaceId, channel);
  if (!row) return null;
  const version = row.updatedAt.toISOString();
  const secret = openRowSecret(workspaceId, channel, row.secret);
  if (channel === "email") {
    const { password } = secret === null ? { password: null } : emailSecretSchema.parse(secret);
    const settings: EmailSettings = { channel: "email", workspaceId, version, config: emailConfigSchema.parse(row.config), password: password === null ? null : new SecretValue(password) };
    return settings as LoadedSettings[C];
  }
  if (channel === "sms" || channel === "push") {
    const { apiToken } = providerSecretSchema.parse(secret);
    const callbackSecret = openCallback(workspaceId, channel, row.callbackSecret);
    // A save refuses these channels without one, so a row lacking it was written by hand.
    if (!callbackSecret) throw new AppError("UNAVAILABLE", `The ${channel} settings have no callback secret; save them again on the Channels page.`);
    const secrets = { apiToken: new SecretValue(apiToken), callbackSecret };
    const settings: SmsSettings | PushSettings =
      channel === "sms"
        ? { channel, workspaceId, version, config: smsConfigSchema.parse(row.config), ...secrets }
        : { channel: "push", workspaceId, version, config: pushConfigSchema.parse(row.config), ...secrets };
    return settings as LoadedSettings[C];
  }
  const { signingSecret } = webhookSecretSchema.parse(secret);
  const settings: WebhookSettings = { channel: "webhook", workspaceId, version, config: webhookConfigSchema.parse(row.config), signingSecret: new SecretValue(signingSecret) };
  return settings as LoadedSettings[C];
}

export async function getChannelSettingsView(workspaceId: number, channel: ConfigurableChannel): Promise<ChannelSettingsView | null> {
  const row = await readRow(workspaceId, channel);
  if (!row) return null;
  // No key is needed to show the settings: a stored secret is reported, not opened.
  const stored = { hasSecret: row.secret !== null, hasCallbackSecret: row.callbackSecret !== null, updatedAt: row.updatedAt, updatedById: row.updatedById };
  return channelSettingsView(channel, row.config, stored);
}

function channelSettingsView(channel: ConfigurableChannel, config: Prisma.JsonValue, stored: { hasSecret: boolean; hasCallbackSecret: boolean } & Stamp): ChannelSettingsView {
  const { updatedAt, updatedById, hasSecret, hasCallbackSecret } = stored;
  switch (channel) {
    case "email":
      // Only a password is sealed in `secret` for email, so a sealed value means one is stored.
      return { channel, config: emailConfigSchema.parse(config), hasPassword: hasSecret, hasCallbackSecret, updatedAt, updatedById };
    case "webhook":
      return { channel, config: webhookConfigSchema.parse(config), hasSigningSecret: hasSecret, updatedAt, updatedById };
    case "sms":
      return { channel, config: smsConfigSchema.parse(config), hasApiToken: hasSecret, hasCallbackSecret, updatedAt, updatedById };
    case "push":
      return { channel, config: pushConfigSchema.parse(config), hasApiToken: hasSecret, hasCallbackSecret, updatedAt, updatedById };
  }
}

type SecretChange = "set" | "kept" | "removed" | "none";

function nextEmailSecret(input: EmailSettingsInput, current: unknown): { secret: { password: string | null } | null; change: SecretChange } {
  const stored = current === null ? null : emailSecretSchema.parse(current).password;
  const password = input.password === undefined ? stored : input.password;
  if (input.username && password === null) throw validation("password", "Enter the SMTP password for this user name.");
  if (!input.username && password !== null) throw validation("username", "Enter the SMTP user name the password belongs to.");
  const change: SecretChange = input.password === undefined ? (stored === null ? "none" : "kept") : input.password === null ? (stored === null ? "none" : "removed") : "set";
  return { secret: password === null ? null : { password }, change };
}

function nextWebhookSecret(input: WebhookSettingsInput, current: unknown): { secret: { signingSecret: string }; changes: Record<string, SecretChange> } {
  if (input.signingSecret !== undefined) return { secret: { signingSecret: input.signingSecret }, changes: { signingSecret: "set" } };
  if (current === null) throw validation("signingSecret", "Enter a signing secret (32+ characters) so the receiver can check each request came from ValueLoop.");
  return { secret: webhookSecretSchema.parse(current), changes: { signingSecret: "kept" } };
}

/** Where a token may be sent: the provider form and the URL's origin it was entered for. */
function tokenDestination(config: { provider: string; url: string }): string {
  return `${config.provider} ${URL.canParse(config.url) ? new URL(config.url).origin : config.url}`;
}

/**
 * The provider token. A token left out is kept only while the provider form
 * and the URL's origin stay as they were: a token entered for one host is
 * never sent to another because someone changed the URL and left the token
 * field empty.
 */
function nextProviderSecret(
  input: SmsSettingsInput | PushSettingsInput,
  config: SmsConfig | PushConfig,
  current: unknown,
  storedConfig: Prisma.JsonValue | null,
): { secret: { apiToken: string }; changes: Record<string, SecretChange> } {
  const stored = current === null ? null : providerSecretSchema.parse(current);
  const label = PROVIDER_TOKEN_LABELS[config.provider];
  let apiToken = input.apiToken;
  if (apiToken === undefined) {
    if (!stored) throw validation("apiToken", `Enter the ${label}.`);
    const before = storedConfig as { provider: string; url: string } | null;
    if (before && tokenDestination(before) !== tokenDestination(config)) {
      throw validation("apiToken", `Enter the ${label} again: the stored one was saved for ${tokenDestination(before)}, and a token is only sent where it was entered for.`);
    }
    apiToken = stored.apiToken;
  }
  return { secret: { apiToken }, changes: { apiToken: input.apiToken === undefined ? "kept" : "set" } };
}

/**
 * The callback secret, sealed in its own column: the one given, else the
 * stored one (sealed again, like every secret on a save). SMS and push need
 * one (their receipts are the only way a delivery is known); for email it
 * is optional.
 */
function nextCallbackSecret(
  workspaceId: number,
  input: EmailSettingsInput | SmsSettingsInput | PushSettingsInput,
  stored: string | null,
): { sealed: string | null; change: SecretChange } {
  const plaintext = input.callbackSecret ?? openCallback(workspaceId, input.channel, stored)?.reveal() ?? null;
  if (plaintext === null && input.channel !== "email") {
    throw validation("callbackSecret", "Enter a callback secret (32+ characters), or have one generated: delivery receipts are signed with it.");
  }
  const change: SecretChange = input.callbackSecret !== undefined ? "set" : plaintext === null ? "none" : "kept";
  return { sealed: plaintext === null ? null : sealed(() => sealSecret(plaintext, callbackSealContext(workspaceId, input.channel))), change };
}

/** Non-secret fields as stored: what belongs to another provider form is dropped, so it is neither shown nor audited. */
function providerConfig(input: SmsSettingsInput | PushSettingsInput): SmsConfig | PushConfig {
  if (input.channel === "sms") {
    const { channel: _c, apiToken: _t, callbackSecret: _s, ...rest } = input;
    const config = smsConfigSchema.parse(rest);
    return { ...config, accountSid: config.provider === "twilio" ? config.accountSid : null };
  }
  const { channel: _c, apiToken: _t, callbackSecret: _s, ...rest } = input;
  const config = pushConfigSchema.parse(rest);
  return { ...config, appId: config.provider === "onesignal" ? config.appId : null };
}

/**
 * Saves one channel's settings (admins only). A secret left out of the input
 * is kept; every save seals it afresh, so values sealed under a previous
 * SECRETS_KEY move to the current one. The audit entry records the
 * non-secret fields and only whether the secret was set, kept or removed.
 * A webhook or provider URL must pass the network policy (https, public
 * addresses; lib/channels/webhook/webhook-target.ts), or the save is
 * refused on `url`.
 */
export async function saveChannelSettings(
  workspaceId: number,
  actorUserId: string,
  input: ChannelSettingsInput,
  options: { webhookNetwork?: WebhookNetworkPolicy } = {},
): Promise<ChannelSettingsView> {
  const channel = input.channel;
  const refusal = "Only admins can change channel settings.";
  if (input.channel !== "email") {
    // Looked up before the transaction, so no connection waits on DNS; only an admin's URL is looked up.
    await requireChannelAdmin(workspaceId, actorUserId, refusal);
    const wording = input.channel === "webhook" ? WEBHOOK_WORDING : PROVIDER_TARGETS[input.channel];
    const problem = await webhookUrlProblem(input.url, options.webhookNetwork ?? webhookNetworkPolicy(), wording);
    if (problem) throw validation("url", problem);
  }
  return withTransaction(async (client) => {
    await requireChannelAdmin(workspaceId, actorUserId, refusal, client);

    // Row lock: two admins saving at once must not pair one's config with the other's secret.
    const locked = await client.query<{ secret: string | null; callback_secret: string | null; config: Prisma.JsonValue }>(
      `SELECT secret, callback_secret, config FROM channel_settings WHERE workspace_id = $1 AND channel = $2::"ChannelKind" FOR UPDATE`,
      [workspaceId, channel],
    );
    const current = openRowSecret(workspaceId, channel, locked.rows[0]?.secret ?? null);

    let config: EmailConfig | WebhookConfig | SmsConfig | PushConfig;
    let next: { secret: object | null; changes: Record<string, SecretChange> };
    if (input.channel === "email") {
      const { channel: _channel, password: _password, callbackSecret: _callback, ...rest } = input satisfies EmailSettingsInput;
      config = emailConfigSchema.parse(rest);
      const email = nextEmailSecret(input, current);
      next = { secret: email.secret, changes: { password: email.change } };
    } else if (input.channel === "webhook") {
      const { channel: _channel, signingSecret: _secret, ...rest } = input;
      config = webhookConfigSchema.parse(rest);
      next = nextWebhookSecret(input, current);
    } else {
      config = providerConfig(input);
      next = nextProviderSecret(input, config as SmsConfig | PushConfig, current, locked.rows[0]?.config ?? null);
    }
    const secret = next.secret === null ? null : sealed(() => sealSecret(JSON.stringify(next.secret), sealContext(workspaceId, channel)));
    const callback = input.channel === "webhook" ? null : nextCallbackSecret(workspaceId, input, locked.rows[0]?.callback_secret ?? null);
    if (callback) next.changes.callbackSecret = callback.change;

    const saved = await client.query<{ config: Prisma.JsonValue; updated_at: Date; updated_by: string | null }>(
      `INSERT INTO channel_settings (workspace_id, channel, config, secret, callback_secret, updated_by, updated_at)
       VALUES ($1, $2::"ChannelKind", $3::jsonb, $4, $5, $6, now())
       ON CONFLICT (workspace_id, channel) DO UPDATE SET config = EXCLUDED.config, secret = EXCLUDED.secret, callback_secret = EXCLUDED.callback_secret,
                                                          updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING config, updated_at, updated_by`,
      [workspaceId, channel, JSON.stringify(config), secret, callback?.sealed ?? null, actorUserId],
    );
    const row = { config: saved.rows[0]!.config, updatedAt: saved.rows[0]!.updated_at, updatedById: saved.rows[0]!.updated_by };
    await audit(client, { workspaceId, actorUserId, action: "settings.channel.update", targetType: "channel_settings", targetId: channel, metadata: { channel, config, ...next.changes } });
    return channelSettingsView(channel, row.config, { hasSecret: secret !== null, hasCallbackSecret: callback?.sealed != null, updatedAt: row.updatedAt, updatedById: row.updatedById });
  }).finally(forgetCallbackSecrets);
}
