import { UndefinedVariableError, type Template, type Variable } from "liquidjs";
import { checkContext } from "./check-contexts.ts";
import { renderJsonPayload } from "./json-payload.ts";
import { engines, parseTemplate, type EngineKind } from "./liquid-engine.ts";
import { parseIssue, renderIssue } from "./liquid-errors.ts";
import { templateFields, type TemplateContent } from "./template-content.ts";
import { at, type TemplateField, type TemplateIssue } from "./template-issue.ts";
import { checkVariable, type PathSegment } from "./template-variables.ts";

/**
 * Everything wrong with a template that can be known without a customer:
 * Liquid that does not parse, a filter or tag that does not exist, a variable
 * the catalog does not have, and, for push and webhook payloads, output that
 * is not a JSON object for the sample customers (check-contexts.ts). Run at
 * save and again at launch; an empty list means the template may be sent.
 * What depends on one customer's data (an attribute they lack) is found when
 * rendering for them and recorded on their message.
 */
export function validateTemplate(content: TemplateContent): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const { field, source } of templateFields(content)) {
    if (source === "") continue;
    const kind: EngineKind = field === "html" ? "html" : "plain";
    let parsed: Template[];
    try {
      parsed = parseTemplate(kind, source);
    } catch (err) {
      issues.push(parseIssue(err, field, source));
      continue;
    }
    const { unknown, attributePaths } = analyseVariables(kind, parsed, field);
    issues.push(...unknown);
    if (unknown.length > 0) continue;
    const renderProblem = field === "payload" ? checkPayload(parsed, source, attributePaths) : checkRenders(kind, parsed, field, attributePaths);
    if (renderProblem) issues.push(renderProblem);
  }
  return issues;
}

function segmentsOf(variable: Variable): PathSegment[] {
  return variable.segments.map((segment) => (typeof segment === "object" ? { dynamic: segment.toString() } : segment));
}

function analyseVariables(kind: EngineKind, parsed: Template[], field: TemplateField): { unknown: TemplateIssue[]; attributePaths: string[][] } {
  const unknown: TemplateIssue[] = [];
  const attributePaths: string[][] = [];
  const { globals } = engines[kind].analyzeSync(parsed, { partials: false });
  for (const variables of Object.values(globals)) {
    for (const variable of variables) {
      const segments = segmentsOf(variable);
      const check = checkVariable(segments);
      if (check.known) {
        if (segments[0] === "customer" && segments[1] === "attributes") {
          const path: string[] = [];
          for (const segment of segments.slice(2)) {
            if (typeof segment !== "string") break;
            path.push(segment);
          }
          attributePaths.push(path);
        }
        continue;
      }
      const { row: line, col: column } = variable.location;
      const advice = check.suggestion ? ` Did you mean ${check.suggestion}?` : " See the variable list for what a template can use.";
      unknown.push({ field, line, column, message: `Unknown variable ${check.shown} on ${at(line, column)}.${advice}` });
    }
  }
  unknown.sort((a, b) => a.line - b.line || a.column - b.column);
  return { unknown, attributePaths };
}

/**
 * A render for the sample customer catches what parsing cannot (a loop too
 * long to send). A missing variable is not a fault here: it comes from a
 * computed attribute name the sample cannot know, and is reported per
 * customer at send.
 */
function checkRenders(kind: EngineKind, parsed: Template[], field: TemplateField, attributePaths: string[][]): TemplateIssue | null {
  try {
    engines[kind].renderSync(parsed, checkContext("sample", attributePaths));
    return null;
  } catch (err) {
    return err instanceof UndefinedVariableError ? null : renderIssue(err, field);
  }
}

function checkPayload(parsed: Template[], source: string, attributePaths: string[][]): TemplateIssue | null {
  for (const values of ["sample", "quoted-text", "empty-values"] as const) {
    try {
      const result = renderJsonPayload(parsed, source, checkContext(values, attributePaths), values);
      if (!result.ok) return result.issue;
    } catch (err) {
      if (err instanceof UndefinedVariableError) return null;
      return renderIssue(err, "payload");
    }
  }
  return null;
}
