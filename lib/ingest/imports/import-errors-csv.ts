import type { RowError } from "./row-converter.ts";

// A cell starting with one of these is run as a formula by spreadsheet apps;
// the values come from the uploaded file, so they are neutralised.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rejected rows of an import as a CSV people open in a spreadsheet: line, column, reason, value. */
export function importErrorsCsv(errors: readonly RowError[]): string {
  const lines = ["line,column,reason,value"];
  for (const e of errors) lines.push([e.line, e.column, e.reason, e.value].map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
