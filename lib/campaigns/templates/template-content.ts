import { z } from "zod";
import type { TemplateField } from "./template-issue.ts";

/**
 * How large each part of a template may be. Source limits are checked when a
 * template is saved; rendered limits when it is rendered for a customer (a
 * loop over a long attribute can grow a small template).
 */
export const TEMPLATE_LIMITS = {
  subjectChars: 500,
  preheaderChars: 500,
  htmlBytes: 256 * 1024,
  textBytes: 64 * 1024,
  /** What SMS providers accept as one (concatenated) message; also the most a rendered SMS may be. */
  smsChars: 1_600,
  payloadBytes: 64 * 1024,
  renderedHtmlBytes: 1024 * 1024,
  renderedTextBytes: 256 * 1024,
  renderedPayloadBytes: 256 * 1024,
} as const;

const KIB = 1024;

function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

function sizeText(bytes: number): string {
  return bytes < KIB ? `${bytes} bytes` : `${Math.ceil(bytes / KIB)} KiB`;
}

/** A string limited in UTF-8 bytes, with a message that says how large it is and what is allowed. */
function boundedBytes(what: string, maxBytes: number) {
  return z.string().superRefine((value, ctx) => {
    const bytes = utf8Bytes(value);
    if (bytes > maxBytes) ctx.addIssue({ code: "custom", message: `${what} is ${sizeText(bytes)}; the limit is ${sizeText(maxBytes)}.` });
  });
}

function boundedChars(what: string, maxChars: number) {
  return z.string().max(maxChars, `${what} is limited to ${maxChars.toLocaleString("en-US")} characters.`);
}

export const emailContentSchema = z.strictObject({
  channel: z.literal("email"),
  subject: boundedChars("The subject", TEMPLATE_LIMITS.subjectChars).refine((s) => s.trim() !== "", "The subject is required."),
  /** The line inbox lists show after the subject; empty for none. */
  preheader: boundedChars("The preheader", TEMPLATE_LIMITS.preheaderChars).default(""),
  html: boundedBytes("The HTML body", TEMPLATE_LIMITS.htmlBytes).refine((s) => s.trim() !== "", "The HTML body is required."),
  /** The plain-text part; empty means "derive it from the HTML" at render. */
  text: boundedBytes("The plain-text body", TEMPLATE_LIMITS.textBytes).default(""),
});

export const smsContentSchema = z.strictObject({
  channel: z.literal("sms"),
  text: boundedChars("An SMS", TEMPLATE_LIMITS.smsChars).refine((s) => s.trim() !== "", "The SMS text is required."),
});

/** A Liquid template whose rendering must be a JSON object (see the `json` filter). */
const payloadSchema = boundedBytes("The payload", TEMPLATE_LIMITS.payloadBytes).refine((s) => s.trim() !== "", "The payload is required.");

export const pushContentSchema = z.strictObject({ channel: z.literal("push"), payload: payloadSchema });
export const webhookContentSchema = z.strictObject({ channel: z.literal("webhook"), payload: payloadSchema });

/** What a campaign sends, per channel: the one shape the editor, the API and delivery share. */
export const templateContentSchema = z.discriminatedUnion("channel", [emailContentSchema, smsContentSchema, pushContentSchema, webhookContentSchema]);

export type TemplateContent = z.output<typeof templateContentSchema>;
export type TemplateContentInput = z.input<typeof templateContentSchema>;
export type TemplateChannel = TemplateContent["channel"];
export type EmailContent = z.output<typeof emailContentSchema>;
export type SmsContent = z.output<typeof smsContentSchema>;
export type JsonPayloadContent = z.output<typeof pushContentSchema> | z.output<typeof webhookContentSchema>;

/** The Liquid sources of a template, field by field, in the order an editor shows them. */
export function templateFields(content: TemplateContent): { field: TemplateField; source: string }[] {
  switch (content.channel) {
    case "email":
      return [
        { field: "subject", source: content.subject },
        { field: "preheader", source: content.preheader },
        { field: "html", source: content.html },
        { field: "text", source: content.text },
      ];
    case "sms":
      return [{ field: "text", source: content.text }];
    case "push":
    case "webhook":
      return [{ field: "payload", source: content.payload }];
  }
}

export { utf8Bytes, sizeText };
