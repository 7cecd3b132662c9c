import type { Writable } from "node:stream";

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

/** Writes and waits for the stream to accept more, so a large CSV never piles up in memory. */
export async function writeChunk(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (err: Error) => {
      stream.off("drain", onDrain);
      reject(err);
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}

/**
 * Numbers as JSON would print them, except non-finite ones (a standard error
 * the Hessian could not give) become null rather than breaking consumers.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Streams CSV rows in ~64 KB chunks. */
export async function writeCsv(
  stream: Writable,
  header: readonly string[],
  rowCount: number,
  row: (i: number) => readonly (string | number | null)[],
): Promise<void> {
  let buffer = `${header.map(csvField).join(",")}\n`;
  for (let i = 0; i < rowCount; i++) {
    buffer += `${row(i).map(csvField).join(",")}\n`;
    if (buffer.length > 65_536) {
      await writeChunk(stream, buffer);
      buffer = "";
    }
  }
  await writeChunk(stream, buffer);
}
