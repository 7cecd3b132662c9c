import { textProblem } from "../storable-text.ts";

/**
 * Limits every JSON body and server-action input is held to before any schema
 * sees it. They are far above what a real request needs (a segment definition
 * nests at most 8 groups, about 20 JSON levels; a full batch of 1,000 rich
 * customers is a few tens of thousands of values); docs/input-limits.md
 * states them for operators and API clients.
 */
export const JSON_LIMITS = {
  /** Objects and arrays inside one another; the body itself is level 1. */
  maxDepth: 32,
  /** Every value in the body counts one: objects, arrays, strings, numbers, booleans, nulls. */
  maxValues: 100_000,
} as const;

export type JsonLimits = { maxDepth: number; maxValues: number };

/** One refused value: where it sits (path segments, as zod reports them) and why. */
export interface JsonValueIssue {
  path: (string | number)[];
  message: string;
}

/** A path as a linked list, so each visited value costs one small object rather than a copied array. */
type PathLink = { segment: string | number; parent: PathLink | null } | null;

function toSegments(link: PathLink): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let at = link; at; at = at.parent) segments.push(at.segment);
  return segments.reverse();
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

type Member = [segment: string | number, value: unknown];

/**
 * A container the walk descends into: how many members, and the i-th one as
 * (key or index or form field name, value). Other objects (a Date, a File)
 * are left to the schema.
 */
function containerOf(value: object): { size: number; member: (i: number) => Member } | null {
  if (Array.isArray(value)) return { size: value.length, member: (i) => [i, value[i]] };
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    const entries = [...value.entries()];
    return { size: entries.length, member: (i) => entries[i]! };
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return { size: keys.length, member: (i) => [keys[i]!, value[keys[i]!]] };
  }
  return null;
}

/**
 * Walks a parsed value without recursion (a body nested 5,000 deep must not
 * exhaust the stack) and lists what no field of this product can accept: NUL
 * characters or unpaired surrogates in any string or key, numbers past what a
 * double holds (1e309 parses as Infinity), nesting past
 * `limits.maxDepth`, more than `limits.maxValues` values in all. A depth or
 * size overrun stops the walk; text problems are collected up to `maxIssues`.
 */
export function jsonValueIssues(value: unknown, limits: JsonLimits = JSON_LIMITS, maxIssues = 20): JsonValueIssue[] {
  const issues: JsonValueIssue[] = [];
  const stack: { value: unknown; path: PathLink; depth: number }[] = [{ value, path: null, depth: 1 }];
  let values = 1;
  while (stack.length > 0 && issues.length < maxIssues) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) issues.push({ path: toSegments(path), message: problem });
      continue;
    }
    if (typeof current === "number" && !Number.isFinite(current)) {
      // JSON.parse reads 1e309 as Infinity, which JSON.stringify would silently store as null.
      issues.push({ path: toSegments(path), message: "is a number too large to store (beyond ±1.8e308)" });
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    const container = containerOf(current);
    if (!container) continue;
    if (depth > limits.maxDepth) {
      return [...issues, { path: toSegments(path), message: `nests deeper than ${limits.maxDepth} levels of objects and arrays` }];
    }
    values += container.size;
    if (values > limits.maxValues) {
      return [...issues, { path: toSegments(path), message: `the request holds more than ${limits.maxValues} values in all` }];
    }
    // Pushed in reverse so issues come out in document order.
    for (let i = container.size - 1; i >= 0; i--) {
      const [segment, member] = container.member(i);
      const memberPath: PathLink = { segment, parent: path };
      if (typeof segment === "string") {
        const problem = textProblem(segment);
        if (problem) issues.push({ path: toSegments(memberPath), message: `key ${problem}` });
      }
      stack.push({ value: member, path: memberPath, depth: depth + 1 });
    }
  }
  return issues;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path as a reader writes it: `attributes.nick`, `definition.root.children[3].value`.
 * Keys that are not plain names are quoted with their escapes visible
 * (`attributes["a\u0000b"]`), shortened if very long.
 */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment.length > 64 ? `${segment.slice(0, 64)}…` : segment)}]`;
  }
  return out;
}
