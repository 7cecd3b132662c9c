import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { AppError } from "../../errors.ts";
import { limitBreachError } from "../imports/limit-breach-error.ts";
import { MAX_COLUMNS, MAX_RECORD_CHARS } from "../imports/limits.ts";
import type { Delimiter } from "./scan-csv.ts";

export interface CsvRecord {
  /** 1-based line in the file where the record starts (what a text editor shows). */
  line: number;
  fields: string[];
}

const CHUNK_CHARS = 256 * 1024;

function* chunks(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += CHUNK_CHARS) yield text.slice(i, i + CHUNK_CHARS);
}

function countLineBreaks(raw: string): { total: number; leading: number } {
  let total = 0;
  let leading = 0;
  let seenContent = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && raw.charCodeAt(i + 1) === 10) i++;
      total++;
      if (!seenContent) leading++;
    } else {
      seenContent = true;
    }
  }
  return { total, leading };
}

/**
 * Streams the records of a CSV text (header included, as the first record)
 * through csv-parse with back-pressure. Quoted fields may contain delimiters,
 * doubled quotes and newlines; stray quotes inside unquoted fields are kept
 * as text. Blank lines and rows of empty cells are skipped.
 *
 * Uploads are held to the shape limits before they are stored (scanCsv); the
 * reader enforces the record length and column count again, so a file stored
 * before those checks existed fails with the same message instead of
 * building a million-field record.
 */
export async function* readCsvRecords(text: string, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = Readable.from(chunks(text), { objectMode: false });
  source.pipe(parser);
  let linesConsumed = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const breaks = countLineBreaks(item.raw);
      const line = linesConsumed + breaks.leading + 1;
      linesConsumed += breaks.total;
      if (item.record.length > MAX_COLUMNS) throw limitBreachError({ limit: "columns", max: MAX_COLUMNS, line, column: MAX_COLUMNS + 1, inQuotes: false });
      if (item.record.every((f) => f === "")) continue;
      yield { line, fields: item.record };
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number; column?: number; quoting?: boolean; message?: string };
    if (e.code === "CSV_MAX_RECORD_SIZE") {
      throw limitBreachError({ limit: "record", max: MAX_RECORD_CHARS, line: linesConsumed + 1, column: (e.column ?? 0) + 1, inQuotes: e.quoting === true });
    }
    if (typeof e.code === "string" && e.code.startsWith("CSV_")) {
      throw new AppError("VALIDATION", `The file could not be read as CSV near line ${e.lines ?? linesConsumed + 1}: ${e.message ?? e.code}`);
    }
    throw err;
  } finally {
    source.destroy();
  }
}
