import { AppError } from "../errors.ts";
import { formatJsonPath, JSON_LIMITS, jsonValueIssues, type JsonLimits } from "./json-value-issues.ts";

/** A body that is not JSON; errorResponse answers 400 with this message, which says where parsing stopped. */
export class MalformedJsonError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = "MalformedJsonError";
  }
}

/** Where V8's parse error says parsing stopped: "at position 17 (line 2, column 5)", or the character it could not read. */
function whereParsingStopped(text: string, err: unknown): string {
  const match = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
  if (match) {
    const position = Number(match[1]);
    const before = text.slice(0, position);
    const line = before.split("\n").length;
    const column = position - before.lastIndexOf("\n");
    return ` at position ${position} (line ${line}, column ${column})`;
  }
  if (err instanceof Error && /end of JSON input/.test(err.message)) return ": it ends too early";
  // V8 gives no position for a stray word; the character is the next best pointer (not the body, which it would echo).
  const token = err instanceof Error ? /^Unexpected token '(.)'/u.exec(err.message) : null;
  if (token) return `: unexpected character ${JSON.stringify(token[1])}`;
  return "";
}

/**
 * Reads a JSON body for any route. Too large is a 413 (before it is held in
 * memory when the length is declared); not JSON is a 400 saying where; a value
 * no field can hold (NUL, an unpaired surrogate, nesting or size past
 * JSON_LIMITS) is a 422 naming its path, so it never reaches Postgres.
 */
export async function readJson(req: Request, maxBytes = 10 * 1024 * 1024, limits: JsonLimits = JSON_LIMITS): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  if (!text.trim()) throw new AppError("VALIDATION", "Request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedJsonError(`Request body is not valid JSON${whereParsingStopped(text, err)}.`);
  }
  const issues = jsonValueIssues(value, limits);
  if (issues.length > 0) {
    const details = issues.map((issue) => ({ path: formatJsonPath(issue.path), message: issue.message }));
    const first = details[0]!;
    throw new AppError("VALIDATION", `${first.path || "The request body"}: ${first.message}`, details);
  }
  return value;
}
