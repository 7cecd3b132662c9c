import { AppError } from "../../errors.ts";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedFile {
  text: string;
  encoding: TextEncodingName;
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, dashes…).
// Node's TextDecoder may decode that range as Latin-1 control characters, so it is mapped here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** Throws a user-facing error when the bytes are clearly not a CSV file. */
function rejectNonCsv(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new AppError("VALIDATION", "The file is empty.");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new AppError("VALIDATION", "This is an Excel workbook or ZIP archive, not a CSV file. In Excel choose File → Save As → “CSV UTF-8”, then upload that.");
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new AppError("VALIDATION", "This is an old-style Excel (.xls) file, not CSV. Save it as “CSV UTF-8” and upload that.");
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new AppError("VALIDATION", "This is a PDF, not a CSV file.");
  if (startsWith(bytes, [0x1f, 0x8b])) throw new AppError("VALIDATION", "This file is gzip-compressed; unzip it and upload the CSV inside.");
}

/**
 * Bytes → text. UTF-8 (with or without BOM) is the norm; UTF-16 appears when
 * Excel saves "Unicode Text", and files that are not valid UTF-8 are almost
 * always Windows-1252 exports, so they are read as that rather than refused.
 */
export function decodeCsvBytes(bytes: Uint8Array, hint?: TextEncodingName): DecodedFile {
  rejectNonCsv(bytes);
  let encoding: TextEncodingName | undefined = hint;
  if (!encoding) {
    if (startsWith(bytes, [0xff, 0xfe])) encoding = "utf-16le";
    else if (startsWith(bytes, [0xfe, 0xff])) encoding = "utf-16be";
  }
  if (!encoding) {
    const head = bytes.subarray(0, 8192);
    if (head.includes(0)) throw new AppError("VALIDATION", "This is a binary file, not a CSV text file.");
  }
  let text: string;
  if (encoding === "windows-1252") {
    text = decodeWindows1252(bytes);
  } else if (encoding) {
    text = new TextDecoder(encoding).decode(bytes);
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      encoding = "utf-8";
    } catch {
      text = decodeWindows1252(bytes);
      encoding = "windows-1252";
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new AppError("VALIDATION", "The file is empty.");
  const firstChar = text.trimStart()[0];
  if (firstChar === "<") throw new AppError("VALIDATION", "This looks like an HTML or XML document, not a CSV file.");
  if (firstChar === "{" || firstChar === "[") {
    throw new AppError("VALIDATION", "This looks like JSON, not CSV. Send JSON through the REST API (/api/v1) or export a CSV file.");
  }
  return { text, encoding };
}
