import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { CliError, rowError } from "./cli-error.ts";

export interface CsvRow {
  fields: string[];
  /** 1-based line number in the file (the last line, for a quoted field spanning lines). */
  line: number;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function linesOf(err: unknown): number | null {
  if (typeof err === "object" && err !== null && "lines" in err && typeof err.lines === "number") return err.lines;
  return null;
}

/**
 * Streams a CSV file's records with their line numbers, so a bad value can be
 * reported as "file line N". Parse and read failures become CliErrors.
 */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const source = createReadStream(file);
  const parser = source.pipe(parse({ bom: true, trim: true, skip_empty_lines: true, info: true }));
  // pipe() does not forward read errors (a missing file) to the parser we iterate.
  source.on("error", (err) => parser.destroy(err));
  try {
    for await (const chunk of parser as AsyncIterable<ParsedRecord>) {
      yield { fields: chunk.record, line: chunk.info.lines };
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (typeof err === "object" && err !== null && "code" in err && err.code === "ENOENT") {
      throw new CliError(`${file}: no such file`);
    }
    if (typeof err === "object" && err !== null && "code" in err && err.code === "EISDIR") {
      throw new CliError(`${file}: is a directory, not a CSV file`);
    }
    const line = linesOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (line !== null) throw rowError(file, line, null, message);
    throw new CliError(`${file}: ${message}`);
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/** Index of each wanted column in the header; a missing required one is an error naming it. */
export function locateColumns<K extends string>(
  file: string,
  header: CsvRow,
  wanted: Record<K, { name: string; required: boolean }>,
): Record<K, number> {
  const positions = new Map<string, number>();
  header.fields.forEach((name, i) => {
    if (!positions.has(name)) positions.set(name, i);
  });
  const result = {} as Record<K, number>;
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const { name, required } = wanted[key];
    const index = positions.get(name);
    if (index === undefined && required) missing.push(name);
    result[key] = index ?? -1;
  }
  if (missing.length > 0) {
    const found = header.fields.map((f) => `"${f}"`).join(", ");
    throw rowError(
      file,
      header.line,
      null,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in the header (found ${found})`,
    );
  }
  return result;
}

/** Parses a decimal number; null for empty or non-numeric text (including "Infinity"). */
export function parseDecimal(text: string): number | null {
  if (text === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
