import { AppError } from "../errors.ts";

/**
 * Reads a request body as UTF-8 text, stopping as soon as it passes
 * `maxBytes`: a declared length over the limit is refused before a byte is
 * read, and a chunked body is never held past the limit. For doors open to
 * anyone (signed callbacks), where the raw text itself is what is checked.
 */
export async function readBoundedText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
