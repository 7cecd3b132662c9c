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
  webhookConfigSchema,
  webhookSecretSchema,
  type ChannelSettingsInput,
  type EmailConfig,
  type EmailSettingsInput,
  type WebhookConfig,
  type WebhookSettingsInput,
} from "./channel-settings.schema.ts";
import { requireChannelAdmin } from "./require-channel-admin.ts";
import { webhookUrlProblem } from "./webhook/check-webhook-url.ts";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "./webhook/webhook-target.ts";

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

interface LoadedSettings {
  email: EmailSettings;
  webhook: WebhookSettings;
}

export type ConfigurableChannel = keyof LoadedSettings;

/** What pages and the API show: the non-secret fields and whether a secret is stored, never the secret. */
export type ChannelSettingsView =
  | { channel: "email"; config: EmailConfig; hasPassword: boolean; updatedAt: Date; updatedById: string | null }
  | { channel: "webhook"; config: WebhookConfig; hasSigningSecret: boolean; updatedAt: Date; updatedById: string | null };

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

type StoredRow = { config: Prisma.JsonValue; secret: string | null; updatedAt: Date; updatedById: string | null };

async function readRow(workspaceId: number, channel: ConfigurableChannel): Promise<StoredRow | null> {
  return db.channelSettings.findUnique({
    where: { workspaceId_channel: { workspaceId, channel } },
    select: { config: true, secret: true, updatedAt: true, updatedById: true },
  });
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
  const { signingSecret } = webhookSecretSchema.parse(secret);
  const settings: WebhookSettings = { channel: "webhook", workspaceId, version, config: webhookConfigSchema.parse(row.config), signingSecret: new SecretValue(signingSecret) };
  return settings as LoadedSettings[C];
}

export async function getChannelSettingsView(workspaceId: number, channel: ConfigurableChannel): Promise<ChannelSettingsView | null> {
  const row = await readRow(workspaceId, channel);
  if (!row) return null;
  // No key is needed to show the settings: a stored secret is reported, not opened.
  const stored = { hasSecret: row.secret !== null, updatedAt: row.updatedAt, updatedById: row.updatedById };
  return channelSettingsView(channel, row.config, stored);
}

function channelSettingsView(channel: ConfigurableChannel, config: Prisma.JsonValue, stored: { hasSecret: boolean; updatedAt: Date; updatedById: string | null }): ChannelSettingsView {
  const { updatedAt, updatedById } = stored;
  if (channel === "email") {
    // Only a password is sealed for email, so a sealed value means one is stored.
    return { channel, config: emailConfigSchema.parse(config), hasPassword: stored.hasSecret, updatedAt, updatedById };
  }
  return { channel, config: webhookConfigSchema.parse(config), hasSigningSecret: stored.hasSecret, updatedAt, updatedById };
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

function nextWebhookSecret(input: WebhookSettingsInput, current: unknown): { secret: { signingSecret: string }; change: SecretChange } {
  if (input.signingSecret !== undefined) return { secret: { signingSecret: input.signingSecret }, change: "set" };
  if (current === null) throw validation("signingSecret", "Enter a signing secret (32+ characters) so the receiver can check each request came from ValueLoop.");
  return { secret: webhookSecretSchema.parse(current), change: "kept" };
}

/**
 * Saves one channel's settings (admins only). A secret left out of the input
 * is kept; every save seals it afresh, so values sealed under a previous
 * SECRETS_KEY move to the current one. The audit entry records the
 * non-secret fields and only whether the secret was set, kept or removed.
 * A webhook URL must pass the network policy (https, public addresses;
 * lib/channels/webhook/webhook-target.ts), or the save is refused on `url`.
 */
export async function saveChannelSettings(
  workspaceId: number,
  actorUserId: string,
  input: ChannelSettingsInput,
  options: { webhookNetwork?: WebhookNetworkPolicy } = {},
): Promise<ChannelSettingsView> {
  const channel = input.channel;
  const refusal = "Only admins can change channel settings.";
  if (input.channel === "webhook") {
    // Looked up before the transaction, so no connection waits on DNS; only an admin's URL is looked up.
    await requireChannelAdmin(workspaceId, actorUserId, refusal);
    const problem = await webhookUrlProblem(input.url, options.webhookNetwork ?? webhookNetworkPolicy());
    if (problem) throw validation("url", problem);
  }
  return withTransaction(async (client) => {
    await requireChannelAdmin(workspaceId, actorUserId, refusal, client);

    // Row lock: two admins saving at once must not pair one's config with the other's secret.
    const locked = await client.query<{ secret: string | null }>(
      `SELECT secret FROM channel_settings WHERE workspace_id = $1 AND channel = $2::"ChannelKind" FOR UPDATE`,
      [workspaceId, channel],
    );
    const current = openRowSecret(workspaceId, channel, locked.rows[0]?.secret ?? null);

    const { channel: _channel, ...fields } = input;
    let config: EmailConfig | WebhookConfig;
    let next: { secret: object | null; change: SecretChange };
    if (input.channel === "email") {
      const { password: _password, ...rest } = fields as EmailSettingsInput;
      config = emailConfigSchema.parse(rest);
      next = nextEmailSecret(input, current);
    } else {
      const { signingSecret: _secret, ...rest } = fields as WebhookSettingsInput;
      config = webhookConfigSchema.parse(rest);
      next = nextWebhookSecret(input, current);
    }
    const secret = next.secret === null ? null : sealed(() => sealSecret(JSON.stringify(next.secret), sealContext(workspaceId, channel)));

    const saved = await client.query<{ config: Prisma.JsonValue; updated_at: Date; updated_by: string | null }>(
      `INSERT INTO channel_settings (workspace_id, channel, config, secret, updated_by, updated_at)
       VALUES ($1, $2::"ChannelKind", $3::jsonb, $4, $5, now())
       ON CONFLICT (workspace_id, channel) DO UPDATE SET config = EXCLUDED.config, secret = EXCLUDED.secret, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING config, updated_at, updated_by`,
      [workspaceId, channel, JSON.stringify(config), secret, actorUserId],
    );
    const row = { config: saved.rows[0]!.config, updatedAt: saved.rows[0]!.updated_at, updatedById: saved.rows[0]!.updated_by };
    const secretField = channel === "email" ? "password" : "signingSecret";
    await audit(client, { workspaceId, actorUserId, action: "settings.channel.update", targetType: "channel_settings", targetId: channel, metadata: { channel, config, [secretField]: next.change } });
    return channelSettingsView(channel, row.config, { hasSecret: secret !== null, updatedAt: row.updatedAt, updatedById: row.updatedById });
  });
}
