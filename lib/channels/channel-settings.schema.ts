import { z } from "zod";
import { smsAddress } from "./sms/phone-address.ts";

/**
 * What an admin sets per channel. `config` holds what may be shown and logged;
 * the password, the signing secret, provider tokens and callback secrets
 * travel only in the save input and are stored sealed (lib/channels/settings.ts).
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
  /**
   * How many connections each worker process keeps open to the server. More
   * send faster (each connection carries one message at a time) as far as the
   * server accepts them; many relays cap connections per client.
   */
  connections: z.coerce
    .number("Enter the number of connections.")
    .int("Enter the number of connections as a whole number.")
    .min(1, "Keep at least 1 connection.")
    .max(50, "At most 50 connections per worker.")
    .default(5),
});

/** How long to wait for the receiver's (or provider's) answer before trying again later. */
const timeoutMs = z.coerce
  .number("Enter the timeout in milliseconds.")
  .int("Enter the timeout in whole milliseconds.")
  .min(1000, "The timeout is at least 1000 ms.")
  .max(30_000, "The timeout is at most 30000 ms.")
  .default(10_000);

export const webhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "Enter the receiver's http:// or https:// URL." }).max(2000),
  timeoutMs,
});

const providerUrl = z.url({ protocol: /^https?$/, error: "Enter the provider's API URL, starting with https://." }).max(2000);

/** Where each provider form's API is unless the admin says otherwise (a regional endpoint, a gateway, a test server). */
export const PROVIDER_DEFAULT_URLS = {
  twilio: "https://api.twilio.com/2010-04-01",
  onesignal: "https://api.onesignal.com",
} as const;

/**
 * The sender customers see: a phone number with its country code (stored
 * as E.164), a short code of 3–8 digits, or an alphanumeric sender ID of up
 * to 11 letters, digits and spaces (where the country allows one).
 */
const smsSender = z
  .string()
  .trim()
  .min(1, "Enter the sender: the number, short code or sender ID messages come from.")
  .max(20)
  .transform((from, ctx) => {
    if (/^[0-9]{3,8}$/.test(from)) return from;
    if (/^[A-Za-z0-9 ]{1,11}$/.test(from) && /[A-Za-z]/.test(from)) return from;
    const phone = smsAddress(from);
    if (phone) return phone;
    ctx.addIssue({ code: "custom", message: "Enter a phone number with its country code (+44 7700 900123), a short code of 3–8 digits, or a sender ID of up to 11 letters and digits." });
    return z.NEVER;
  });

/**
 * SMS through a provider's HTTP API, in one of two forms
 * (lib/channels/sms/): `twilio` (form-encoded To/From/Body to
 * <url>/Accounts/<accountSid>/Messages.json, basic auth with the account
 * SID and auth token) or `json` (a JSON body to <url> with a bearer token).
 */
const smsFields = z.object({
  provider: z.enum(["twilio", "json"], "Choose the provider's API form: Twilio or JSON."),
  url: providerUrl,
  /** Twilio's account SID; null for the JSON form. */
  accountSid: z
    .string()
    .trim()
    .max(64, "An account SID has at most 64 characters.")
    .regex(/^[A-Za-z0-9_-]+$/, "An account SID has only letters and digits (Twilio's start with AC).")
    .nullable()
    .default(null),
  from: smsSender,
  timeoutMs,
});

function smsRules(config: { provider: string; accountSid: string | null }, ctx: z.core.$RefinementCtx): void {
  if (config.provider === "twilio" && !config.accountSid) ctx.addIssue({ code: "custom", path: ["accountSid"], message: "Enter the account SID (Twilio's start with AC)." });
}

export const smsConfigSchema = smsFields.superRefine(smsRules);

/**
 * Push through a provider's HTTP API, addressed by the customer's external
 * id (no device tokens are stored here), in one of two forms
 * (lib/channels/push/): `fcm` (an FCM HTTP v1 message to <url> with a
 * bearer token, sent to the topic <topicPrefix><external id>, which the app
 * subscribes each signed-in device to) or `onesignal` (a notification to
 * <url>/notifications for the user whose external id it is).
 */
const pushFields = z.object({
  provider: z.enum(["fcm", "onesignal"], "Choose the provider's API form: FCM or OneSignal."),
  url: providerUrl,
  /** OneSignal's app id; null for the FCM form. */
  appId: z
    .string()
    .trim()
    .max(100, "An app id has at most 100 characters.")
    .regex(/^[A-Za-z0-9_-]+$/, "An app id has only letters, digits and dashes.")
    .nullable()
    .default(null),
  /** FCM topics allow only letters, digits and -_.~% (the external id is percent-encoded after it). */
  topicPrefix: z
    .string()
    .max(100, "The topic prefix has at most 100 characters.")
    .regex(/^[A-Za-z0-9_.~%-]*$/, "A topic prefix has only letters, digits and - _ . ~ %.")
    .default("user-"),
  timeoutMs,
});

function pushRules(config: { provider: string; appId: string | null }, ctx: z.core.$RefinementCtx): void {
  if (config.provider === "onesignal" && !config.appId) ctx.addIssue({ code: "custom", path: ["appId"], message: "Enter the OneSignal app id." });
}

export const pushConfigSchema = pushFields.superRefine(pushRules);

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type PushConfig = z.infer<typeof pushConfigSchema>;
export type SmsProvider = SmsConfig["provider"];
export type PushProvider = PushConfig["provider"];

/** Omitted: keep the stored password. null: remove it. A string: replace it. */
const passwordInput = z.string().min(1, "Enter the password, or leave it out to keep the stored one.").max(1000).nullable().optional();

/** Omitted: keep the stored secret. The provider (or a relay) signs each delivery report with it. */
const callbackSecretInput = z.string().min(32, "The callback secret needs at least 32 characters.").max(1000).optional();

export const emailSettingsInputSchema = emailConfigSchema.extend({
  channel: z.literal("email"),
  password: passwordInput,
  /** Optional for email: without one, delivery, bounce and complaint reports are refused. */
  callbackSecret: callbackSecretInput,
});

export const webhookSettingsInputSchema = webhookConfigSchema.extend({
  channel: z.literal("webhook"),
  /** Omitted: keep the stored secret. Receivers check each request's signature with it. */
  signingSecret: z.string().min(32, "The signing secret needs at least 32 characters.").max(1000).optional(),
});

/** Omitted: keep the stored token (unless the provider or its URL's host changed: then it must be entered again). */
const apiTokenInput = z.string().trim().min(1, "Enter the token, or leave it out to keep the stored one.").max(4000).optional();

const smsInputFields = smsFields.extend({ channel: z.literal("sms"), apiToken: apiTokenInput, callbackSecret: callbackSecretInput });
const pushInputFields = pushFields.extend({ channel: z.literal("push"), apiToken: apiTokenInput, callbackSecret: callbackSecretInput });

export const smsSettingsInputSchema = smsInputFields.superRefine(smsRules);
export const pushSettingsInputSchema = pushInputFields.superRefine(pushRules);

export const channelSettingsInputSchema = z.discriminatedUnion("channel", [emailSettingsInputSchema, webhookSettingsInputSchema, smsSettingsInputSchema, pushSettingsInputSchema]);

const notBoth = (input: { generateCallbackSecret: boolean; callbackSecret?: string }) => !(input.generateCallbackSecret && input.callbackSecret !== undefined);
const notBothMessage = { path: ["callbackSecret"], message: "Either generate a new callback secret or enter one, not both." };

/**
 * What the settings page sends: the save input, where the webhook may ask the
 * server to generate its signing secret, and email, SMS and push their
 * callback secret (shown to the admin once, after the save), instead of
 * carrying one.
 */
export const channelSettingsFormSchema = z.discriminatedUnion("channel", [
  emailSettingsInputSchema.extend({ generateCallbackSecret: z.boolean().default(false) }).refine(notBoth, notBothMessage),
  webhookSettingsInputSchema
    .extend({ generateSigningSecret: z.boolean().default(false) })
    .refine((input) => !(input.generateSigningSecret && input.signingSecret !== undefined), {
      path: ["signingSecret"],
      message: "Either generate a new secret or enter one, not both.",
    }),
  smsInputFields.extend({ generateCallbackSecret: z.boolean().default(false) }).superRefine(smsRules).refine(notBoth, notBothMessage),
  pushInputFields.extend({ generateCallbackSecret: z.boolean().default(false) }).superRefine(pushRules).refine(notBoth, notBothMessage),
]);

export type EmailSettingsInput = z.infer<typeof emailSettingsInputSchema>;
export type WebhookSettingsInput = z.infer<typeof webhookSettingsInputSchema>;
export type SmsSettingsInput = z.infer<typeof smsSettingsInputSchema>;
export type PushSettingsInput = z.infer<typeof pushSettingsInputSchema>;
export type ChannelSettingsInput = z.infer<typeof channelSettingsInputSchema>;
export type ChannelSettingsForm = z.infer<typeof channelSettingsFormSchema>;

/**
 * What is sealed in the row's `secret` column, per channel. The callback
 * secret (email, SMS, push) is sealed apart, in `callback_secret`: the
 * settings page can then tell which of the two is stored without opening
 * either, and reports are checked without reading the channel's credentials.
 */
export const emailSecretSchema = z.object({ password: z.string().nullable() });
export const webhookSecretSchema = z.object({ signingSecret: z.string() });
/** SMS and push: the provider's token. */
export const providerSecretSchema = z.object({ apiToken: z.string() });
