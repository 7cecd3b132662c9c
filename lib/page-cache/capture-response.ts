import type http from "node:http";
import zlib from "node:zlib";

/** An answer as it went out, decompressed. */
export interface CapturedResponse {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * Records what is written to `res` while it goes out unchanged, and resolves
 * once the answer is complete: with what was sent, or null when the client
 * went away first or the answer grew past `maxBytes`. Next.js compresses by
 * wrapping `res.write` itself, after this wrapper is in place, so the bytes
 * seen here are the compressed ones; they are decompressed at the end.
 */
export function captureResponse(res: http.ServerResponse, maxBytes: number): Promise<CapturedResponse | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  const headHeaders: http.OutgoingHttpHeaders = {};

  const keep = (chunk: unknown, encoding?: unknown) => {
    if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    size += buffer.length;
    if (size > maxBytes) {
      tooBig = true;
      chunks.length = 0;
      return;
    }
    chunks.push(Buffer.from(buffer)); // a copy: the caller may reuse its buffer
  };

  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((r) => typeof r === "object" && r !== null);
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) headHeaders[String(headers[i]).toLowerCase()] = headers[i + 1] as string;
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) headHeaders[name.toLowerCase()] = value as string;
    }
    return (writeHead as (...a: unknown[]) => http.ServerResponse)(status, ...rest);
  }) as typeof res.writeHead;

  const write = res.write.bind(res);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof res.write;

  const end = res.end.bind(res);
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (end as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
  }) as typeof res.end;

  return new Promise((resolve) => {
    res.once("finish", () => {
      if (tooBig) return resolve(null);
      const headers = { ...res.getHeaders(), ...headHeaders };
      try {
        resolve({ status: res.statusCode, headers, body: decompress(Buffer.concat(chunks), String(headers["content-encoding"] ?? "")) });
      } catch {
        resolve(null);
      }
    });
    // Closed before finishing: the client went away mid-answer (a settled promise ignores a later resolve).
    res.once("close", () => resolve(null));
  });
}

function decompress(body: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case "":
    case "identity":
      return body;
    case "gzip":
      return zlib.gunzipSync(body);
    case "deflate":
      return zlib.inflateSync(body);
    case "br":
      return zlib.brotliDecompressSync(body);
    default:
      throw new Error(`unknown content-encoding ${encoding}`);
  }
}
