import { z } from "zod";

/**
 * What an admin sets per channel. `config` holds what may be shown and logged;
 * the password and the signing secret travel only in the save input and are
 * stored sealed (lib/channels/settings.ts).
 */

const hostname = z
  .string()
  .trim()
  .min(1, "Enter the SMTP server's host name.")
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, "A host name has only letters, digits, dots and dashes.");

export const emailConfigSchema = z.object({
  host: hostname,
  port: z.coerce.number("Enter the port as a number.").int("Enter the port as a whole number.").min(1, "Ports run from 1 to 65535.").max(65535, "Ports run from 1 to 65535.").default(587),
  /** tls: TLS from the first byte (usually port 465); starttls: upgrade required (587); none: plain text, for a relay on a private network only. */
  security: z.enum(["tls", "starttls", "none"]).default("starttls"),
  username: z.string().trim().max(320).nullable().default(null),
  fromName: z.string().trim().min(1, "Enter the sender name customers see.").max(100),
  fromAddress: z.email("Enter the sender's email address."),
  replyTo: z.email("Reply-to must be an email address.").nullable().default(null),
});

export const webhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "Enter the receiver's http:// or https:// URL." }).max(2000),
  /** How long to wait for the receiver's answer before trying again later. */
  timeoutMs: z.coerce
    .number("Enter the timeout in milliseconds.")
    .int("Enter the timeout in whole milliseconds.")
    .min(1000, "The timeout is at least 1000 ms.")
    .max(30_000, "The timeout is at most 30000 ms.")
    .default(10_000),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

/** Omitted: keep the stored password. null: remove it. A string: replace it. */
const passwordInput = z.string().min(1, "Enter the password, or leave it out to keep the stored one.").max(1000).nullable().optional();

export const emailSettingsInputSchema = emailConfigSchema.extend({
  channel: z.literal("email"),
  password: passwordInput,
});

export const webhookSettingsInputSchema = webhookConfigSchema.extend({
  channel: z.literal("webhook"),
  /** Omitted: keep the stored secret. Receivers check each request's signature with it. */
  signingSecret: z.string().min(32, "The signing secret needs at least 32 characters.").max(1000).optional(),
});

export const channelSettingsInputSchema = z.discriminatedUnion("channel", [emailSettingsInputSchema, webhookSettingsInputSchema]);

/**
 * What the settings page sends: the save input, where the webhook may ask the
 * server to generate its signing secret (shown to the admin once, after the
 * save) instead of carrying one.
 */
export const channelSettingsFormSchema = z.discriminatedUnion("channel", [
  emailSettingsInputSchema,
  webhookSettingsInputSchema
    .extend({ generateSigningSecret: z.boolean().default(false) })
    .refine((input) => !(input.generateSigningSecret && input.signingSecret !== undefined), {
      path: ["signingSecret"],
      message: "Either generate a new secret or enter one, not both.",
    }),
]);

export type EmailSettingsInput = z.infer<typeof emailSettingsInputSchema>;
export type WebhookSettingsInput = z.infer<typeof webhookSettingsInputSchema>;
export type ChannelSettingsInput = z.infer<typeof channelSettingsInputSchema>;
export type ChannelSettingsForm = z.infer<typeof channelSettingsFormSchema>;

/** What is sealed in the row's `secret` column, per channel. */
export const emailSecretSchema = z.object({ password: z.string().nullable() });
export const webhookSecretSchema = z.object({ signingSecret: z.string() });
