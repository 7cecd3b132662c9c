import type { ImportKind } from "../../db/generated/enums.ts";
import type { CsvRecord } from "../csv/read-records.ts";
import { normalizeCell, type CsvLocale } from "../csv/normalize-cell.ts";
import type { FieldMapping } from "../detect-mapping.ts";
import { IMPORT_SCHEMAS, type ImportValue } from "../entity-schemas.ts";
import { IMPORT_KINDS } from "../import-kinds.ts";
import { fieldsFor, type CellKind } from "../fields.ts";

/** One rejected cell (or row): what the result page and the error CSV list. */
export interface RowError {
  line: number;
  column: string;
  reason: string;
  value: string;
}

export type ConvertedRow =
  | { ok: true; line: number; value: ImportValue }
  | { ok: false; line: number; errors: RowError[] };

const MAX_VALUE_CHARS = 200;

interface MappedColumn {
  field: string;
  header: string;
  index: number;
  cell: CellKind;
}

export interface RowConverterConfig {
  kind: ImportKind;
  headers: string[];
  mapping: FieldMapping;
  attributeColumns: string[];
  locale: CsvLocale;
}

/**
 * Turns CSV records into validated entity inputs, attributing every problem
 * to a line and a column header. Empty cells are absent (they never erase a
 * stored value); unmapped columns chosen as attributes go into `attributes`.
 */
export function createRowConverter(config: RowConverterConfig) {
  const headerIndex = new Map(config.headers.map((h, i) => [h, i]));
  const specs = new Map(fieldsFor(config.kind).map((f) => [f.key, f]));
  const columns: MappedColumn[] = [];
  for (const [field, header] of Object.entries(config.mapping)) {
    const index = headerIndex.get(header);
    const spec = specs.get(field);
    if (index === undefined || !spec) continue;
    columns.push({ field, header, index, cell: spec.cell });
  }
  const attributeColumns =
    IMPORT_KINDS[config.kind].keepsAttributes
      ? config.attributeColumns.flatMap((header) => {
          const index = headerIndex.get(header);
          return index === undefined ? [] : [{ header, index }];
        })
      : [];
  const columnOfField = new Map(columns.map((c) => [c.field, c]));
  const schema = IMPORT_SCHEMAS[config.kind];
  const headerCount = config.headers.length;

  function cellValue(record: CsvRecord, index: number): string {
    return record.fields[index] ?? "";
  }

  /** The object handed to the schema, before validation. */
  function toInput(record: CsvRecord): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const c of columns) {
      const raw = cellValue(record, c.index);
      if (raw !== "") input[c.field] = normalizeCell(c.cell, raw, config.locale);
    }
    if (attributeColumns.length > 0) {
      const attributes: Record<string, string> = {};
      let any = false;
      for (const a of attributeColumns) {
        const raw = cellValue(record, a.index);
        if (raw !== "") {
          attributes[a.header] = raw;
          any = true;
        }
      }
      if (any) input.attributes = attributes;
    }
    return input;
  }

  function convert(record: CsvRecord): ConvertedRow {
    const extra = record.fields.slice(headerCount);
    if (extra.some((f) => f !== "")) {
      return {
        ok: false,
        line: record.line,
        errors: [
          {
            line: record.line,
            column: "(row)",
            reason: `has ${record.fields.length} fields but the header has ${headerCount}; a value containing the delimiter probably needs quotes`,
            value: record.fields.join(" | ").slice(0, MAX_VALUE_CHARS),
          },
        ],
      };
    }
    const parsed = schema.safeParse(toInput(record));
    if (parsed.success) return { ok: true, line: record.line, value: parsed.data };
    const errors: RowError[] = parsed.error.issues.map((issue) => {
      const [first, second] = issue.path;
      let column = "(row)";
      let value = "";
      if (first === "attributes" && typeof second === "string") {
        column = second;
        value = cellValue(record, headerIndex.get(second) ?? -1);
      } else if (typeof first === "string") {
        const c = columnOfField.get(first);
        column = c?.header ?? first;
        value = c ? cellValue(record, c.index) : "";
      }
      return { line: record.line, column, reason: issue.message, value: value.slice(0, MAX_VALUE_CHARS) };
    });
    return { ok: false, line: record.line, errors };
  }

  /** The CSV header a field was read from (for problems found when writing), or the field's key. */
  function headerFor(field: string): string {
    return columnOfField.get(field)?.header ?? field;
  }

  return { convert, toInput, columns, headerFor };
}
