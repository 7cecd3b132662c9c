import { Liquid, type Template } from "liquidjs";
import { ParsedTemplateCache } from "./parsed-template-cache.ts";

/**
 * The two Liquid engines templates run on, configured once:
 * - strict: a variable that does not exist, or a filter that does not, is an
 *   error, never an empty string sent to a customer; `lenientIf` still lets
 *   `{% if customer.attributes.vip %}` and `| default:` (as the first filter)
 *   handle an attribute some customers lack;
 * - own properties only, so `{{ customer.constructor }}` reaches nothing;
 * - no file system: include, render and layout are removed (a template is
 *   self-contained);
 * - bounded work per render (memory for ranges and string building, and time),
 *   so a template cannot stall a sending worker;
 * - dates in UTC and English unless the template says otherwise.
 * The HTML engine escapes every output (`| raw` opts out); the plain engine,
 * for subject, preheader, text, SMS and JSON payloads, escapes nothing.
 */
export type EngineKind = "html" | "plain";

/** Tags that read other templates from disk; campaign templates have none. */
export const REMOVED_TAGS = ["include", "render", "layout", "block"] as const;

// A real template renders in about a millisecond; these stop a runaway loop, in a worker or in a preview request.
const RENDER_LIMIT_MS = 500;
const MEMORY_LIMIT = 10_000_000;

/**
 * `{{ value | json }}`: the value as a JSON literal (a string quoted and
 * escaped, a number as is, nothing as null), which is how values go into
 * push and webhook payloads.
 */
export function jsonFilter(value: unknown): string {
  return JSON.stringify(value ?? null) ?? "null";
}

function createEngine(kind: EngineKind): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    lenientIf: true,
    outputEscape: kind === "html" ? "escape" : undefined,
    timezoneOffset: 0,
    locale: "en-US",
    templates: {},
    relativeReference: false,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
  });
  for (const tag of REMOVED_TAGS) delete engine.tags[tag];
  engine.registerFilter("json", jsonFilter);
  return engine;
}

export const engines: Record<EngineKind, Liquid> = { html: createEngine("html"), plain: createEngine("plain") };

export const FILTER_NAMES: readonly string[] = Object.keys(engines.plain.filters);
export const TAG_NAMES: readonly string[] = Object.keys(engines.plain.tags);

/** Parsed templates by engine and source (see ParsedTemplateCache). */
export const parsedTemplates = new ParsedTemplateCache<Template[]>();

/** The parsed form of `source`, from the cache when it was parsed before; throws Liquid's parse errors. */
export function parseTemplate(kind: EngineKind, source: string): Template[] {
  return parsedTemplates.get(`${kind}\u0000${source}`, () => engines[kind].parse(source));
}
