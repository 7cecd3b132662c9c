import { z } from "zod";
import type { Action } from "../auth/permissions.ts";
import { resolveAccess, type WorkspaceAccess } from "../auth/resolve-access.ts";
import { AppError, isAppError } from "../errors.ts";
import { postgresErrorCode } from "./error-response.ts";
import { jsonValueIssues } from "./json-value-issues.ts";
import { getSessionUserId } from "./session.ts";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; fieldErrors?: Record<string, string> };

/** A domain refusal that names its fields (`details: [{ path, message }]`) is shown next to them, like a schema's. */
function detailFieldErrors(details: unknown): Record<string, string> | undefined {
  if (!Array.isArray(details)) return undefined;
  const fieldErrors: Record<string, string> = {};
  for (const item of details as unknown[]) {
    const { path, message } = (typeof item === "object" && item !== null ? item : {}) as { path?: unknown; message?: unknown };
    if (typeof path === "string" && typeof message === "string") fieldErrors[path] ??= message;
  }
  return Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined;
}

/**
 * Server actions: every mutation from a form goes through here. Checks session,
 * membership and role, parses input with the shared zod schema, and turns errors
 * into a result the form can show (never a thrown 500 for bad input).
 */
export function workspaceAction<S extends z.ZodType, T>(
  action: Action,
  schema: S,
  fn: (input: z.infer<S>, access: WorkspaceAccess) => Promise<T>,
) {
  return async (workspaceSlug: string, rawInput: unknown): Promise<ActionResult<T>> => {
    try {
      const userId = await getSessionUserId();
      if (!userId) throw new AppError("UNAUTHENTICATED", "Your session has ended; sign in again.");
      const access = await resolveAccess(userId, workspaceSlug, action);
      // Text Postgres cannot store (NUL, unpaired surrogates) and absurd shapes are refused on the field, before the schema runs.
      const issues = jsonValueIssues(rawInput);
      const parsed = issues.length === 0 ? schema.safeParse(rawInput) : null;
      if (!parsed?.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed ? parsed.error.issues : issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
        return { ok: false, code: "VALIDATION", error: "Please correct the highlighted fields.", fieldErrors };
      }
      return { ok: true, data: await fn(parsed.data, access) };
    } catch (err) {
      if (isAppError(err)) {
        const fieldErrors = detailFieldErrors(err.details);
        return fieldErrors ? { ok: false, code: err.code, error: err.message, fieldErrors } : { ok: false, code: err.code, error: err.message };
      }
      if (postgresErrorCode(err)) {
        console.warn("server action refused by Postgres; a value was not checked before the query:", err);
        return { ok: false, code: "VALIDATION", error: "A value in the form is invalid (out of range, malformed, or holding characters that cannot be stored)." };
      }
      console.error("server action failed:", err);
      return { ok: false, code: "INTERNAL", error: "Something went wrong. It has been logged." };
    }
  };
}
