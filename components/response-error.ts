/** Reads the message out of a failed API response (`{ error: { message, details } }`) for the browser, or the fallback. */
export async function responseError(res: Response, fallback: string): Promise<string> {
  const body: unknown = await res.json().catch(() => null);
  const error = (body as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const problems = (error?.details as { problems?: unknown } | undefined)?.problems;
  if (Array.isArray(problems) && problems.length > 0) return problems.map(String).join(" ");
  if (typeof error?.message === "string") return error.message;
  if (res.status === 413) return "The file is too large.";
  return fallback;
}
