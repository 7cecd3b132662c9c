import type { Template } from "liquidjs";
import { htmlToText } from "./html-text.ts";
import { renderJsonPayload } from "./json-payload.ts";
import { engines, parseTemplate, type EngineKind } from "./liquid-engine.ts";
import { parseIssue, renderIssue } from "./liquid-errors.ts";
import { insertPreheader } from "./preheader.ts";
import { smsSegments, type SmsEncoding } from "./sms-segments.ts";
import { TEMPLATE_LIMITS, sizeText, utf8Bytes, type TemplateContent } from "./template-content.ts";
import type { TemplateContext } from "./template-context.ts";
import { at, TemplateRenderError, type TemplateField } from "./template-issue.ts";

/** One customer's message, shaped by its channel. */
export type RenderedMessage =
  | { channel: "email"; subject: string; preheader: string; html: string; text: string }
  | { channel: "sms"; text: string; segments: number; encoding: SmsEncoding }
  | { channel: "push"; payload: Record<string, unknown> }
  | { channel: "webhook"; payload: Record<string, unknown> };

function refuse(field: TemplateField, what: string, line = 1, column = 1): never {
  throw new TemplateRenderError({ field, line, column, message: `${what} on ${at(line, column)}.` });
}

/** Parsed through the cache: a broadcast parses each field once, whatever the number of customers. */
function parsed(kind: EngineKind, field: TemplateField, source: string): Template[] {
  try {
    return parseTemplate(kind, source);
  } catch (err) {
    throw new TemplateRenderError(parseIssue(err, field, source));
  }
}

function renderField(kind: EngineKind, field: TemplateField, source: string, context: TemplateContext): string {
  const template = parsed(kind, field, source);
  try {
    return engines[kind].renderSync(template, context) as string;
  } catch (err) {
    throw new TemplateRenderError(renderIssue(err, field));
  }
}

/** Subject and preheader are one line in a mail header or inbox list: line breaks and runs of spaces become one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function withinBytes(field: TemplateField, what: string, text: string, maxBytes: number): string {
  const bytes = utf8Bytes(text);
  if (bytes > maxBytes) refuse(field, `${what} is ${sizeText(bytes)} for this customer; the limit is ${sizeText(maxBytes)}`);
  return text;
}

/**
 * Renders a template for one customer. HTML outputs are HTML-escaped (`| raw`
 * opts out); subject, preheader, text, SMS and payload outputs are not. The
 * preheader is placed in the HTML as its first, hidden, content (preheader.ts);
 * an empty text part is derived from the rendered HTML (html-text.ts).
 * Throws TemplateRenderError, naming the field, line and column, when the
 * template cannot be rendered for this customer; the caller records it on
 * the customer's message and goes on with the next one.
 */
export function renderTemplate(content: TemplateContent, context: TemplateContext): RenderedMessage {
  switch (content.channel) {
    case "email": {
      const subject = oneLine(renderField("plain", "subject", content.subject, context));
      if (subject === "") refuse("subject", "The subject is empty for this customer");
      const preheader = oneLine(renderField("plain", "preheader", content.preheader, context));
      const html = withinBytes("html", "The HTML body", renderField("html", "html", content.html, context), TEMPLATE_LIMITS.renderedHtmlBytes);
      const text =
        content.text.trim() === ""
          ? htmlToText(html)
          : withinBytes("text", "The plain-text body", renderField("plain", "text", content.text, context), TEMPLATE_LIMITS.renderedTextBytes);
      return { channel: "email", subject, preheader, html: insertPreheader(html, preheader), text };
    }
    case "sms": {
      const text = renderField("plain", "text", content.text, context).trim();
      if (text === "") refuse("text", "The SMS is empty for this customer");
      const length = [...text].length;
      if (length > TEMPLATE_LIMITS.smsChars) {
        refuse("text", `The SMS is ${length.toLocaleString("en-US")} characters for this customer; the limit is ${TEMPLATE_LIMITS.smsChars.toLocaleString("en-US")}`);
      }
      const { segments, encoding } = smsSegments(text);
      return { channel: "sms", text, segments, encoding };
    }
    case "push":
    case "webhook": {
      const template = parsed("plain", "payload", content.payload);
      let result: ReturnType<typeof renderJsonPayload>;
      try {
        result = renderJsonPayload(template, content.payload, context, "customer");
      } catch (err) {
        throw new TemplateRenderError(renderIssue(err, "payload"));
      }
      if (!result.ok) throw new TemplateRenderError(result.issue);
      return { channel: content.channel, payload: result.payload };
    }
  }
}
