import { AppError } from "../../errors.ts";

const LOOKS_LIKE_DATA = [/^-?\d+([.,]\d+)?$/, /^\d{4}-\d{2}-\d{2}/, /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/, /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i];

/** Refuses a file whose first row is data rather than column names, which would silently lose a row and map nothing. */
export function checkHeaderRow(headers: string[]): void {
  const named = headers.filter((h) => h.trim() !== "");
  if (named.length === 0) throw new AppError("VALIDATION", "The first line must be a header row with column names; it is blank.");
  if (named.every((h) => LOOKS_LIKE_DATA.some((re) => re.test(h.trim())))) {
    throw new AppError(
      "VALIDATION",
      `The first line looks like data (${named.slice(0, 3).join(", ")}), not column names. Add a header row such as “customer_id,email”.`,
    );
  }
}
