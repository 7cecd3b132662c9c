import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isDatabaseBusy } from "../db/busy-error.ts";
import { isUniqueViolation } from "../db/transaction.ts";
import { isAppError } from "../errors.ts";
import { MalformedJsonError } from "./read-json.ts";

/** How long a client should wait before retrying a request refused because the service was busy. */
const RETRY_AFTER_SECONDS = 5;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Postgres data errors only a client's value can cause: NUL or bad Unicode
 * (22P05, 22021), a number out of range (22003), malformed text for a type
 * (22P02), a bad date or time (22007, 22008), nesting past the stack limit
 * (54001). The doors (readJson, workspaceAction, the id parsers) refuse these
 * first and name the field; this is the backstop for a door that misses one.
 */
const CLIENT_DATA_ERRORS = new Set(["22P05", "22021", "22003", "22P02", "22007", "22008", "54001"]);

/** The SQLSTATE of a database error, wherever the driver (pg) or Prisma's adapter put it. */
export function postgresErrorCode(err: unknown): string | undefined {
  type Coded = { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const candidates: unknown[] = [];
  let at: unknown = err;
  // A bounded walk down `cause`: adapters wrap the driver's error one or two levels deep.
  for (let hops = 0; hops < 4 && typeof at === "object" && at !== null; hops++) {
    const e = at as Coded;
    candidates.push(e.originalCode, e.code);
    const adapterCause = e.meta?.driverAdapterError?.cause as Coded | undefined;
    if (adapterCause) candidates.push(adapterCause.originalCode, adapterCause.code);
    at = e.cause;
  }
  return candidates.find((c): c is string => typeof c === "string" && CLIENT_DATA_ERRORS.has(c));
}

/** Maps any thrown error to a JSON response; unknown errors are logged and never leak internals. */
export function errorResponse(err: unknown): NextResponse<ErrorBody> {
  if (isAppError(err)) {
    const headers = err.status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : undefined;
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details } }, { status: err.status, headers });
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return NextResponse.json({ error: { code: "VALIDATION", message: "Invalid input", details } }, { status: 422 });
  }
  if (isUniqueViolation(err)) {
    return NextResponse.json({ error: { code: "CONFLICT", message: "A record with the same key already exists." } }, { status: 409 });
  }
  if (err instanceof MalformedJsonError) {
    return NextResponse.json({ error: { code: "BAD_REQUEST", message: err.message } }, { status: 400 });
  }
  if (err instanceof SyntaxError) {
    return NextResponse.json({ error: { code: "BAD_REQUEST", message: "Request body is not valid JSON." } }, { status: 400 });
  }
  const sqlState = postgresErrorCode(err);
  if (sqlState) {
    // Logged: each one is a door that should have named the field, worth mending.
    console.warn(`request refused by Postgres (SQLSTATE ${sqlState}); a value in the request was not checked before the query:`, err);
    return NextResponse.json({ error: { code: "VALIDATION", message: "A value in the request is invalid (out of range, malformed, or holding characters that cannot be stored)." } }, { status: 422 });
  }
  if (isDatabaseBusy(err)) {
    console.warn("request refused, database busy:", (err as Error).message);
    return NextResponse.json(
      { error: { code: "UNAVAILABLE", message: "The service is busy; try again in a few seconds." } },
      { status: 503, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } },
    );
  }
  console.error("unhandled error in request:", err);
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong. It has been logged." } }, { status: 500 });
}
