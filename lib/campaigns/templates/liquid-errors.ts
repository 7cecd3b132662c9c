import type { LiquidError } from "liquidjs";
import { FILTER_NAMES, REMOVED_TAGS, TAG_NAMES } from "./liquid-engine.ts";
import { at, positionOf, type TemplateField, type TemplateIssue } from "./template-issue.ts";
import { closest } from "./closest-name.ts";

/**
 * Liquid's errors in words a marketer can act on, placed on a line and column
 * of the field they wrote. Liquid's own message ends with ", line:2, col:3";
 * the place is taken from its token instead, and sharpened where Liquid only
 * points at the start of a tag (an unknown filter is pointed at by name).
 */
function isLiquidError(err: unknown): err is LiquidError {
  return err instanceof Error && "token" in err && typeof (err as LiquidError).token?.getPosition === "function";
}

/** Liquid's 1-based [line, column] of the error's token. */
function placeOf(err: LiquidError): [number, number] {
  const [line = 1, column = 1] = err.token.getPosition();
  return [line, column];
}

function bareMessage(err: LiquidError): string {
  return (err.originalError?.message ?? err.message).replace(/, line:\d+, col:\d+$/, "");
}

function issue(field: TemplateField, line: number, column: number, what: string, advice?: string): TemplateIssue {
  return { field, line, column, message: `${what} on ${at(line, column)}.${advice ? ` ${advice}` : ""}` };
}

/** A parse failure of `source` (field `field`) as an issue. */
export function parseIssue(err: unknown, field: TemplateField, source: string): TemplateIssue {
  if (!isLiquidError(err)) return issue(field, 1, 1, `Liquid cannot read this ${field} (${err instanceof Error ? err.message : String(err)})`);
  const [line, column] = placeOf(err);
  const message = bareMessage(err);
  let m: RegExpExecArray | null;

  if ((m = /^undefined filter: (.+)$/.exec(message))) {
    const name = m[1]!;
    const text = source.slice(err.token.begin, err.token.end);
    const found = new RegExp(`\\|\\s*(${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})\\b`).exec(text);
    const place = found ? positionOf(source, err.token.begin + found.index + found[0].length - name.length) : { line, column };
    const suggestion = closest(name, FILTER_NAMES);
    return issue(field, place.line, place.column, `Unknown filter ${name}`, suggestion ? `Did you mean ${suggestion}?` : "See docs/templates.md for the filters available.");
  }
  if ((m = /^tag "(.+)" not found$/.exec(message))) {
    const name = m[1]!;
    if ((REMOVED_TAGS as readonly string[]).includes(name)) {
      return issue(field, line, column, `{% ${name} %} is not available in campaign templates`, "Each template is self-contained; write the content here.");
    }
    const opener = /^end(.+)$/.exec(name)?.[1];
    if (opener && TAG_NAMES.includes(opener)) return issue(field, line, column, `{% ${name} %} has no matching {% ${opener} %} before it`);
    if (name === "else" || name === "elsif" || name === "when") return issue(field, line, column, `{% ${name} %} is outside of an {% if %}, {% unless %} or {% case %}`);
    const suggestion = closest(name, TAG_NAMES);
    return issue(field, line, column, `Unknown tag {% ${name} %}`, suggestion ? `Did you mean {% ${suggestion} %}?` : undefined);
  }
  if ((m = /^tag (\{%.*%\}) not closed$/s.exec(message))) {
    const name = /^\{%-?\s*(\w+)/.exec(m[1]!)?.[1] ?? "";
    return issue(field, line, column, `${m[1]} is never closed`, name ? `Add {% end${name} %} where it should end.` : undefined);
  }
  if ((m = /^(output|tag|raw) "(.*)" not closed$/s.exec(message))) {
    const closer = m[1] === "output" ? "}}" : m[1] === "raw" ? "{% endraw %}" : "%}";
    return issue(field, line, column, `${m[2]!.slice(0, 40).trimEnd()}… is never closed`, `Add ${closer}; a quote left open inside it also hides the closing ${closer === "}}" ? "}}" : "%}"}.`);
  }
  return issue(field, line, column, `Liquid cannot read this: ${message}`);
}

/** A failure while rendering a parsed field for one customer, as an issue. */
export function renderIssue(err: unknown, field: TemplateField): TemplateIssue {
  if (!isLiquidError(err)) return issue(field, 1, 1, `The ${field} failed to render (${err instanceof Error ? err.message : String(err)})`);
  const [line, column] = placeOf(err);
  const message = bareMessage(err);
  const missing = /^undefined variable: (.+)$/.exec(message);
  if (missing) {
    return issue(
      field,
      line,
      column,
      `${missing[1]} is not set for this customer`,
      `To send to customers without it, start the output with a fallback: {{ ${missing[1]} | default: "…" }}.`,
    );
  }
  if (/limit exceeded$/.test(message)) {
    return issue(field, line, column, "This template does too much work for one message (a loop that is too long)", "Loop over fewer items.");
  }
  return issue(field, line, column, `Rendering failed: ${message}`);
}
