import { createReadStream } from "node:fs";
import { parse, type Options } from "csv-parse";
import { CliError, rowError } from "./cli-error.ts";

export interface CsvRow {
  /** Raw fields; callers trim the ones they read (cheaper than trimming every field in the parser). */
  fields: string[];
  /** 0 for the header, then 1, 2, ... for data records (blank lines are skipped). */
  record: number;
}

/**
 * A bad value in record N. Line numbers are resolved only when a problem is
 * reported: asking csv-parse for line info on every record makes reading
 * three times slower, and good files are the common case.
 */
export class CsvRowProblem extends Error {
  readonly record: number;
  readonly column: string | null;

  constructor(record: number, column: string | null, message: string) {
    super(message);
    this.name = "CsvRowProblem";
    this.record = record;
    this.column = column;
  }
}

const PARSE_OPTIONS: Options = { bom: true, skip_empty_lines: true };

function errorCode(err: unknown): unknown {
  return typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
}

function toCliError(file: string, err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (errorCode(err) === "ENOENT") return new CliError(`${file}: no such file`);
  if (errorCode(err) === "EISDIR") return new CliError(`${file}: is a directory, not a CSV file`);
  const message = err instanceof Error ? err.message : String(err);
  const lines = typeof err === "object" && err !== null && "lines" in err ? err.lines : undefined;
  if (typeof lines === "number") return rowError(file, lines, null, message);
  return new CliError(`${file}: ${message}`);
}

/** Streams a CSV file's records; parse and read failures become CliErrors naming the line. */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const source = createReadStream(file);
  const parser = source.pipe(parse(PARSE_OPTIONS));
  // pipe() does not forward read errors (a missing file) to the parser we iterate.
  source.on("error", (err) => parser.destroy(err));
  let record = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      yield { fields, record: record++ };
    }
  } catch (err) {
    throw toCliError(file, err);
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/** The (last) line of record N, found by reading the file again with line info. */
async function lineOfRecord(file: string, target: number): Promise<number | null> {
  const parser = createReadStream(file).pipe(parse({ ...PARSE_OPTIONS, info: true }));
  let record = 0;
  try {
    for await (const chunk of parser as AsyncIterable<{ info: { lines: number } }>) {
      if (record++ === target) return chunk.info.lines;
    }
  } catch {
    // The file changed or broke under us: report the record number instead.
  } finally {
    parser.destroy();
  }
  return null;
}

/** Runs a reader, turning a CsvRowProblem into "file line N, column "c": problem". */
export async function withCsvLines<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof CsvRowProblem)) throw err;
    const line = await lineOfRecord(file, err.record);
    if (line !== null) throw rowError(file, line, err.column, err.message);
    const where = err.column === null ? `record ${err.record}` : `record ${err.record}, column "${err.column}"`;
    throw new CliError(`${file} ${where}: ${err.message}`);
  }
}

/** The header row, or an error for an empty file. */
export async function readHeader(file: string, rows: AsyncGenerator<CsvRow>): Promise<CsvRow> {
  const first = await rows.next();
  if (first.done) throw new CliError(`${file}: the file is empty (expected a header row)`);
  return { fields: first.value.fields.map((f) => f.trim()), record: first.value.record };
}

/** Index of each wanted column in the header; a missing required one is an error naming it. */
export function locateColumns<K extends string>(
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
    throw new CsvRowProblem(
      header.record,
      null,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in the header (found ${found})`,
    );
  }
  return result;
}

/** Field `index` of a row, trimmed. */
export function field(row: CsvRow, index: number): string {
  return (row.fields[index] ?? "").trim();
}

/** Parses a decimal number; null for empty or non-numeric text (including "Infinity"). */
export function parseDecimal(text: string): number | null {
  if (text === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
