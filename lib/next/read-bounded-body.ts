import { AppError } from "../errors.ts";

/**
 * Reads a request body as bytes, refusing it (413) as soon as it passes
 * `maxBytes`: a declared length over the limit is refused before a byte is
 * read, and a chunked body is cut off mid-stream rather than held whole. For
 * public doors (provider reports, one-click unsubscribes) whose senders are
 * not signed in and whose bodies are small.
 */
export async function readBoundedBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${maxBytes} bytes.`);
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
