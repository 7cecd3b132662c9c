/**
 * One CSV record (RFC 4180). Cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a control character) get a leading apostrophe,
 * except plain numbers and phone numbers, which stay as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?[\d\s().-]*\d[\d\s().-]*$/;

export function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = FORMULA_START.test(value) && !NUMBER_LIKE.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly (string | null)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
