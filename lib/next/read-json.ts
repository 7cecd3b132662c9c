import { AppError } from "../errors.ts";

/** Reads a JSON body with a size cap, so a huge payload is a clear 413 rather than memory pressure. */
export async function readJson(req: Request, maxBytes = 10 * 1024 * 1024): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  if (!text.trim()) throw new AppError("VALIDATION", "Request body is empty; send a JSON object.");
  return JSON.parse(text) as unknown;
}
