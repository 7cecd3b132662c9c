import { Context, TokenKind, type Template } from "liquidjs";
import { jsonSyntaxError } from "./json-syntax-error.ts";
import { engines } from "./liquid-engine.ts";
import { TEMPLATE_LIMITS, sizeText, utf8Bytes } from "./template-content.ts";
import { at, positionOf, type TemplateIssue } from "./template-issue.ts";

/**
 * Push and webhook payloads: a Liquid template whose output must be a JSON
 * object. When it is not, the fault is traced back to the template: the
 * rendering is repeated piece by piece (top-level text, outputs and tags),
 * so an offset in the output falls in one piece; in literal text that gives
 * the exact line and column, in an output (`{{ … }}`) the output itself,
 * which is nearly always a value inserted without `| json`.
 */

/** Whose values were filled in, for the message. */
export type PayloadValues =
  | "customer" // a real customer's (at send or preview)
  | "sample" // the catalog's sample customer
  | "quoted-text" // the check at save: text values holding quotes, backslashes and line breaks
  | "empty-values"; // the check at save: every value that may be empty, empty

export type PayloadResult = { ok: true; payload: Record<string, unknown> } | { ok: false; issue: TemplateIssue };

const FIELD = "payload" as const;

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list ([ … ])";
  if (value === null) return "null";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/** Renders a parsed payload with `scope` and parses it as JSON; Liquid's own render errors are thrown as they are. */
export function renderJsonPayload(parsed: Template[], source: string, scope: object, values: PayloadValues): PayloadResult {
  const output: string = engines.plain.renderSync(parsed, scope);
  const bytes = utf8Bytes(output);
  if (bytes > TEMPLATE_LIMITS.renderedPayloadBytes) {
    return fail(1, 1, `The payload is ${sizeText(bytes)} once rendered; the limit is ${sizeText(TEMPLATE_LIMITS.renderedPayloadBytes)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return { ok: false, issue: locateJsonFault(parsed, source, scope, output, values) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(1, 1, `The payload must be a JSON object ({ … }) but renders as ${kindOf(value)}`);
  }
  return { ok: true, payload: value as Record<string, unknown> };
}

function issueAt(line: number, column: number, what: string, advice?: string): TemplateIssue {
  return { field: FIELD, line, column, message: `${what} on ${at(line, column)}.${advice ? ` ${advice}` : ""}` };
}

function fail(line: number, column: number, what: string): { ok: false; issue: TemplateIssue } {
  return { ok: false, issue: issueAt(line, column, what) };
}

const WHEN: Record<PayloadValues, string> = {
  customer: "with this customer's values",
  sample: "for the sample customer",
  "quoted-text": "for a customer whose text holds quotes or line breaks",
  "empty-values": "for a customer who has no value for it",
};

/** The fault lies in what an output or tag wrote: name it and say how to insert values. */
function blameOutput(source: string, piece: Template, text: string, values: PayloadValues): TemplateIssue {
  const raw = source.slice(piece.token.begin, piece.token.end);
  const place = positionOf(source, piece.token.begin);
  if (piece.token.kind !== TokenKind.Output) {
    return issueAt(place.line, place.column, `The payload is not valid JSON ${WHEN[values]}: what ${raw} writes breaks it`, "Insert values with | json.");
  }
  const withJson = raw.replace(/\s*-?\}\}$/, " | json }}");
  if (/\|\s*json\b/.test(raw)) {
    return issueAt(place.line, place.column, `The payload is not valid JSON ${WHEN[values]} around ${raw}`, "It writes a complete JSON value with its own quotes: remove any quotes around it.");
  }
  if (text.trim() === "") {
    const expression = raw.replace(/^\{\{-?\s*/, "").replace(/\s*-?\}\}$/, "");
    return issueAt(
      place.line,
      place.column,
      `The payload is not valid JSON ${WHEN[values]}: ${raw} writes nothing there`,
      `Insert it with the json filter, which writes null for an empty value (${withJson}), or give a fallback: {{ ${expression.replace(/^([^|]+?)\s*(\||$)/, "$1 | default: 0 $2").trim()} }}.`,
    );
  }
  return issueAt(
    place.line,
    place.column,
    `The payload is not valid JSON ${WHEN[values]}: ${raw} inserts text that is not a JSON value`,
    `Insert values with the json filter, which adds the quotes and escapes what needs it: write ${withJson}, with no quotes around it.`,
  );
}

function locateJsonFault(parsed: Template[], source: string, scope: object, output: string, values: PayloadValues): TemplateIssue {
  const fault = jsonSyntaxError(output) ?? { offset: 0, message: "not valid JSON" };
  const ctx = new Context(scope, engines.plain.options, {}, { liquid: engines.plain });
  let start = 0;
  let previous: { piece: Template; text: string } | null = null;
  for (const piece of parsed) {
    const text: string = engines.plain.renderSync([piece], ctx);
    const end = start + text.length;
    const last = piece === parsed.at(-1);
    if (fault.offset < end || (last && fault.offset === end)) {
      if (piece.token.kind !== TokenKind.HTML) return blameOutput(source, piece, text, values);
      // Right after an output that wrote nothing (an empty value), the output is at fault, not the text after it.
      if (previous && previous.piece.token.kind === TokenKind.Output && previous.text.trim() === "" && output.slice(start, fault.offset).trim() === "") {
        return blameOutput(source, previous.piece, previous.text, values);
      }
      // Literal text renders as itself (less any whitespace trimmed by {%- -%}).
      const raw = source.slice(piece.token.begin, piece.token.end);
      const shift = Math.max(0, raw.indexOf(text));
      const place = positionOf(source, piece.token.begin + shift + (fault.offset - start));
      return issueAt(place.line, place.column, `The payload is not valid JSON: ${fault.message}`);
    }
    start = end;
    previous = { piece, text };
  }
  const place = positionOf(source, source.length);
  return issueAt(place.line, place.column, `The payload is not valid JSON: ${fault.message}`);
}
