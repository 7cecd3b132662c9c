import { readFileSync } from "node:fs";
import path from "node:path";
import type { HttpSession, ProbeResponse } from "./http-session.ts";

/**
 * Server actions over HTTP, the way the browser calls them: a POST to the page
 * with the action's id in `Next-Action` and the arguments as JSON. Ids come
 * from the build's server-reference manifest (the build the server runs).
 */
interface Manifest {
  node: Record<string, { filename?: string; exportedName?: string }>;
}

let ids: Map<string, string> | undefined;

function actionIds(): Map<string, string> {
  if (ids) return ids;
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const file = path.resolve(import.meta.dirname, "../../..", distDir, "server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  ids = new Map(Object.entries(manifest.node).map(([id, entry]) => [`${entry.filename}#${entry.exportedName}`, id]));
  return ids;
}

export function actionId(file: string, exportedName: string): string {
  const id = actionIds().get(`${file}#${exportedName}`);
  if (!id) throw new Error(`${file}#${exportedName} is not in the build's server-reference manifest; rebuild the app`);
  return id;
}

/**
 * A value as React's client writes it into an action's arguments: a string
 * that starts with "$" goes as "$$…", because a bare "$" starts a reference to
 * another part of the request ("$1", "$@2"). Next.js refuses a reference to a
 * part that is not there with a 500 before any of the app's code runs, for
 * every action alike; the app's own pages never send one.
 */
export function asReactArgument(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(asReactArgument);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asReactArgument(v)]));
  return value;
}

/** What workspaceAction returns: { ok: true, data } or { ok: false, code, error }. */
export interface ActionResult {
  ok: boolean;
  code?: string;
  error?: string;
}

/**
 * Finds the action's result in the RSC answer: rows of `<id>:<json>\n`, except
 * long text, which React sends as `<id>:T<byte length in hex>,<text>` with no
 * line end (a field error quoting a long value), so rows are read by length.
 */
export function actionResult(body: string): ActionResult | null {
  const bytes = Buffer.from(body, "utf8");
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon === -1) break;
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      if (comma === -1) break;
      at = comma + 1 + parseInt(bytes.subarray(colon + 2, comma).toString("latin1"), 16);
      continue;
    }
    const end = bytes.indexOf(0x0a, colon);
    const row = bytes.subarray(colon + 1, end === -1 ? bytes.length : end).toString("utf8");
    at = end === -1 ? bytes.length : end + 1;
    if (!row.startsWith("{")) continue;
    try {
      const value = JSON.parse(row) as Record<string, unknown>;
      if (typeof value.ok === "boolean") return value as unknown as ActionResult;
    } catch {
      // Not a JSON row (React's other row kinds); keep looking.
    }
  }
  return null;
}

export async function callAction(session: HttpSession, pagePath: string, id: string, args: unknown[] | string): Promise<ProbeResponse> {
  return session.request(pagePath, {
    method: "POST",
    headers: {
      "next-action": id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      origin: session.baseURL,
    },
    body: typeof args === "string" ? args : JSON.stringify(args),
  });
}
