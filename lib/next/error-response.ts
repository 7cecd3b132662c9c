import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isUniqueViolation } from "../db/transaction.ts";
import { isAppError } from "../errors.ts";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Maps any thrown error to a JSON response; unknown errors are logged and never leak internals. */
export function errorResponse(err: unknown): NextResponse<ErrorBody> {
  if (isAppError(err)) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return NextResponse.json({ error: { code: "VALIDATION", message: "Invalid input", details } }, { status: 422 });
  }
  if (isUniqueViolation(err)) {
    return NextResponse.json({ error: { code: "CONFLICT", message: "A record with the same key already exists." } }, { status: 409 });
  }
  if (err instanceof SyntaxError) {
    return NextResponse.json({ error: { code: "BAD_REQUEST", message: "Request body is not valid JSON." } }, { status: 400 });
  }
  console.error("unhandled error in request:", err);
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong. It has been logged." } }, { status: 500 });
}
