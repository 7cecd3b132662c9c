import { AppError } from "../../errors.ts";
import { readCsvRecords, type CsvRecord } from "./read-records.ts";
import type { Delimiter } from "./scan-csv.ts";

export interface CsvSample {
  /** Column names, made unique and non-blank ("email", "email (2)", "column_3"). */
  headers: string[];
  rows: CsvRecord[];
}

/** Blank headers get a positional name; repeats get a suffix, so every column can be referred to by name. */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/**
 * The header and the first `maxRows` data rows. `partial` says the text is a
 * prefix of the file, so a record cut off at the end is not an error.
 */
export async function readSample(text: string, delimiter: Delimiter, maxRows: number, partial = false): Promise<CsvSample> {
  let header: string[] | null = null;
  const rows: CsvRecord[] = [];
  try {
    for await (const record of readCsvRecords(text, delimiter)) {
      if (!header) {
        header = record.fields;
        continue;
      }
      rows.push(record);
      if (rows.length >= maxRows) break;
    }
  } catch (err) {
    if (!partial) throw err;
  }
  if (!header) throw new AppError("VALIDATION", "The file is empty.");
  // A partial prefix may end mid-record: drop the last row unless the sample is full.
  if (partial && rows.length < maxRows) rows.pop();
  return { headers: uniqueHeaders(header), rows };
}
