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

/** What workspaceAction returns: { ok: true, data } or { ok: false, code, error }. */
export interface ActionResult {
  ok: boolean;
  code?: string;
  error?: string;
}

/** Finds the action's result in the RSC answer (one JSON value per line, `<row id>:<json>`). */
export function actionResult(body: string): ActionResult | null {
  for (const line of body.split("\n")) {
    const json = line.replace(/^[0-9a-f]+:/, "");
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as Record<string, unknown>;
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
