import { detectLocale, type CsvLocale } from "../csv/normalize-cell.ts";
import type { CsvRecord } from "../csv/read-records.ts";
import type { FieldMapping } from "../detect-mapping.ts";
import { fieldsFor } from "../fields.ts";
import type { ImportKind } from "../../db/generated/enums.ts";

/** Detects date order and decimal separator from the sample values of the mapped date and amount columns. */
export function localeFromSample(kind: ImportKind, headers: string[], mapping: FieldMapping, rows: CsvRecord[]): CsvLocale {
  const dates: string[] = [];
  const amounts: string[] = [];
  for (const field of fieldsFor(kind)) {
    const header = mapping[field.key];
    const index = header === undefined ? -1 : headers.indexOf(header);
    if (index < 0) continue;
    const target = field.cell === "date" ? dates : field.cell === "amount" ? amounts : null;
    if (!target) continue;
    for (const row of rows) {
      const v = row.fields[index];
      if (v) target.push(v);
    }
  }
  return detectLocale({ dates, amounts });
}
