import { AppError } from "../../errors.ts";
import type { CsvLimitBreach } from "../csv/scan-csv.ts";

const count = (n: number) => n.toLocaleString("en-US");

/** Spreadsheet column letters (1 → A, 27 → AA), so the place can be found in Excel as well as by counting. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function where(b: CsvLimitBreach): string {
  return `column ${count(b.column)} (${columnLetters(b.column)})`;
}

// A quoted value whose closing quote is missing swallows the rest of the file, so it is usually what a length limit catches.
function quoteHint(b: CsvLimitBreach): string {
  return b.inQuotes ? ` It is inside a quoted value: if that value's closing quote is missing, add it.` : "";
}

function message(b: CsvLimitBreach): string {
  switch (b.limit) {
    case "columns":
      return (
        `Line ${count(b.line)} has more than ${count(b.max)} columns, the most an upload may have (it goes over at ${where(b)}). ` +
        `Keep the columns you import (the ID and the fields you need) and upload again.`
      );
    case "columnName":
      return (
        `The name of ${where(b)} in the header on line ${count(b.line)} is longer than ${count(b.max)} characters, the most a column name may have. ` +
        `Shorten it and upload again; if that line is data rather than column names, add a header row.${quoteHint(b)}`
      );
    case "header":
      return (
        `The header on line ${count(b.line)} is longer than ${count(b.max)} characters, the most it may have (it goes over at ${where(b)}). ` +
        `Use fewer or shorter column names and upload again.${quoteHint(b)}`
      );
    case "cell":
      return (
        `The value on line ${count(b.line)} in ${where(b)} is longer than ${count(b.max)} characters, the most one cell may hold. ` +
        `Shorten it or remove that column, then upload again.${quoteHint(b)}`
      );
    case "record":
      return (
        `The row starting on line ${count(b.line)} is longer than ${count(b.max)} characters, the most one row may have (it goes over at ${where(b)}). ` +
        `Shorten its values or remove columns you do not import, then upload again.${quoteHint(b)}`
      );
  }
}

/** The 422 for an upload that goes over a shape limit: which limit, where, and what to do. */
export function limitBreachError(breach: CsvLimitBreach): AppError {
  return new AppError("VALIDATION", message(breach), { limit: breach.limit, max: breach.max, line: breach.line, column: breach.column });
}
