export type Delimiter = "," | ";" | "\t" | "|";

export const DELIMITERS: Delimiter[] = [",", ";", "\t", "|"];

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Splits the first lines of a file into fields, quote-aware, for delimiter
 * detection. Only the sample matters here; csv-parse does the real parsing.
 */
function countPerLine(sample: string, delimiter: string, maxLines: number): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let atFieldStart = true;
  let count = 0;
  let nonEmpty = false;
  const d = delimiter.charCodeAt(0);
  for (let i = 0; i < sample.length && counts.length < maxLines; i++) {
    const c = sample.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (sample.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === QUOTE && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      nonEmpty = true;
    } else if (c === d) {
      count++;
      atFieldStart = true;
      nonEmpty = true;
    } else if (c === LF || c === CR) {
      if (c === CR && sample.charCodeAt(i + 1) === LF) i++;
      if (nonEmpty) counts.push(count);
      count = 0;
      nonEmpty = false;
      atFieldStart = true;
    } else if (c !== 32) {
      atFieldStart = false;
      nonEmpty = true;
    }
  }
  if (nonEmpty && counts.length < maxLines && !inQuotes) counts.push(count);
  return counts;
}

/**
 * Picks the delimiter that splits the header and the following lines into the
 * same number of fields. A single-column file has no delimiter; "," is used.
 */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 65_536);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = countPerLine(sample, delimiter, 50);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((n) => n === header).length / counts.length;
    // Consistency dominates; the number of columns breaks ties.
    const score = consistent * 1000 + Math.min(header, 999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** The shape limits an upload is checked against (values in lib/ingest/imports/limits.ts). */
export interface CsvLimits {
  maxColumns: number;
  maxColumnNameChars: number;
  maxHeaderChars: number;
  maxCellChars: number;
  maxRecordChars: number;
}

export type CsvLimitName = "columns" | "columnName" | "header" | "cell" | "record";

/** The first place a file goes over a limit. */
export interface CsvLimitBreach {
  limit: CsvLimitName;
  max: number;
  /** Line where the record starts (as in the import's error report). */
  line: number;
  /** 1-based column in that record. */
  column: number;
  /** The breach happened inside a quoted value (which may be one whose closing quote is missing). */
  inQuotes: boolean;
}

export interface CsvScan {
  /** Non-empty records after the header (counted up to the breach, if any). */
  dataRows: number;
  /** Line where a quoted field opens that never closes, if any. */
  unclosedQuoteLine: number | null;
  breach: CsvLimitBreach | null;
}

/**
 * One fast pass over the whole file, before any parsing: counts data records
 * (for the progress bar) and finds an unclosed quote, which would otherwise
 * swallow the rest of the file into one field. It also checks the shape
 * limits and stops at the first breach, holding nothing per column: a header
 * of a million columns costs a few thousand character comparisons, not a
 * million strings. The first non-empty record is the header; its names are
 * held to `maxColumnNameChars` and the whole line to `maxHeaderChars`.
 * Lengths count the characters of a value without its enclosing quotes
 * (a doubled quote counts once); a record's length includes its delimiters, so
 * the check is never looser than the parser's own record-size limit.
 */
export function scanCsv(text: string, delimiter: Delimiter, limits: CsvLimits): CsvScan {
  const d = delimiter.charCodeAt(0);
  let records = 0;
  let line = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let atFieldStart = true;
  let nonEmpty = false;
  let recordStart = 0;
  let recordLine = 1;
  let column = 1;
  let cellChars = 0;
  let cellMax = limits.maxColumnNameChars;
  let recordMax = limits.maxHeaderChars;

  const stop = (limit: CsvLimitName, max: number): CsvScan => ({
    dataRows: Math.max(0, records - 1),
    unclosedQuoteLine: null,
    breach: { limit, max, line: recordLine, column, inQuotes },
  });

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inQuotes && (c === LF || c === CR)) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      if (nonEmpty) records++;
      line++;
      nonEmpty = false;
      atFieldStart = true;
      recordStart = i + 1;
      recordLine = line;
      column = 1;
      cellChars = 0;
      if (records > 0) {
        cellMax = limits.maxCellChars;
        recordMax = limits.maxRecordChars;
      }
      continue;
    }
    if (i - recordStart >= recordMax) return stop(records === 0 ? "header" : "record", recordMax);
    if (inQuotes) {
      if (c === QUOTE) {
        const next = text.charCodeAt(i + 1);
        if (next === QUOTE) {
          i++;
          cellChars++;
        } else {
          inQuotes = false;
        }
      } else {
        cellChars++;
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
      }
      if (cellChars > cellMax) return stop(records === 0 ? "columnName" : "cell", cellMax);
      continue;
    }
    if (c === QUOTE && atFieldStart) {
      inQuotes = true;
      quoteLine = line;
      atFieldStart = false;
      nonEmpty = true;
    } else if (c === d) {
      // A line of bare delimiters is blank: the reader skips it too.
      atFieldStart = true;
      column++;
      cellChars = 0;
      if (column > limits.maxColumns) return stop("columns", limits.maxColumns);
    } else {
      cellChars++;
      if (cellChars > cellMax) return stop(records === 0 ? "columnName" : "cell", cellMax);
      if (c !== 32 && c !== 9) {
        atFieldStart = false;
        nonEmpty = true;
      }
    }
  }
  if (nonEmpty) records++;
  return { dataRows: Math.max(0, records - 1), unclosedQuoteLine: inQuotes ? quoteLine : null, breach: null };
}
