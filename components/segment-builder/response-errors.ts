/** Reading the error bodies the routes answer with (lib/next/error-response.ts) in the browser. */

export interface DefinitionIssue {
  nodeId: string | null;
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Pulls node-level issues out of an error body (SegmentDefinitionError details). */
export function issuesFromError(body: unknown): DefinitionIssue[] {
  const details = (body as ApiErrorBody | null)?.error?.details as { issues?: unknown } | undefined;
  if (!details || !Array.isArray(details.issues)) return [];
  return details.issues.flatMap((raw): DefinitionIssue[] => {
    if (typeof raw !== "object" || raw === null) return [];
    const i = raw as Record<string, unknown>;
    if (typeof i.message !== "string") return [];
    return [{ nodeId: typeof i.nodeId === "string" ? i.nodeId : null, path: typeof i.path === "string" ? i.path : "", message: i.message }];
  });
}

export function errorMessage(body: unknown, fallback: string): string {
  const message = (body as ApiErrorBody | null)?.error?.message;
  return typeof message === "string" && message ? message : fallback;
}
