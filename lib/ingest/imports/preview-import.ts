import { IMPORT_KINDS } from "../import-kinds.ts";
import type { ImportKind, RunStatus } from "../../db/generated/enums.ts";
import { decodeCsvBytes } from "../csv/decode-file.ts";
import type { CsvLocale } from "../csv/normalize-cell.ts";
import { readSample } from "../csv/read-sample.ts";
import type { FieldMapping } from "../detect-mapping.ts";
import { IMPORT_SCHEMAS } from "../entity-schemas.ts";
import { fieldsFor } from "../fields.ts";
import { isInstant } from "../parse-values.ts";
import { mappingProblems } from "./check-mapping.ts";
import type { ImportMappingInput } from "./import-options.schema.ts";
import { clipText } from "./clip-text.ts";
import { PREVIEW_ATTRIBUTES_PER_ROW, PREVIEW_CELL_CHARS, PREVIEW_EXAMPLE_CHARS, PREVIEW_ROWS } from "./limits.ts";
import { loadImport } from "./load-import.ts";
import { readImportFile } from "./read-import-file.ts";
import { createRowConverter } from "./row-converter.ts";

const PREVIEW_PREFIX_BYTES = 512 * 1024;

/** Texts from the file are cut to PREVIEW_CELL_CHARS / PREVIEW_EXAMPLE_CHARS with a "… (N more characters)" marker. */
export interface PreviewCell {
  raw: string;
  /** The value as it will be stored, for display; null when empty or invalid. */
  value: string | null;
  error: string | null;
}

export interface PreviewRow {
  line: number;
  cells: Record<string, PreviewCell>;
  /** The first PREVIEW_ATTRIBUTES_PER_ROW custom attributes of the row. */
  attributes: Record<string, string>;
  /** Attributes of the row beyond those shown. */
  moreAttributes: number;
  /** Problems not tied to one mapped column (wrong number of fields). */
  rowErrors: string[];
}

export interface ImportPreview {
  id: number;
  kind: ImportKind;
  status: RunStatus;
  draft: boolean;
  fileName: string;
  totalRows: number;
  headers: string[];
  /** A few example values per column, for the mapping screen. */
  examples: Record<string, string[]>;
  mapping: FieldMapping;
  attributeColumns: string[];
  locale: CsvLocale;
  fields: { key: string; label: string; required: boolean; example: string }[];
  rows: PreviewRow[];
  problems: string[];
}

/** A byte prefix may end inside a multi-byte character; cut before it. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function display(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return isInstant(value) ? value.replace("T", " ").replace(/\.000Z$/, " UTC") : `${value.replace("T", " ").replace(/\.000$/, "")} (workspace time)`;
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * The first rows of an upload as they would be imported with a mapping (the
 * stored one, or the one being edited), every cell validated by the same
 * converter and schema the import run uses.
 */
export async function previewImport(workspaceId: number, importJobId: number, edit?: ImportMappingInput): Promise<ImportPreview> {
  const job = await loadImport(workspaceId, importJobId);
  const headers = job.options.headers;
  const mapping = edit?.mapping ?? job.mapping;
  const attributeColumns = IMPORT_KINDS[job.kind].keepsAttributes ? (edit?.attributeColumns ?? job.options.attributeColumns) : [];
  const locale: CsvLocale = {
    dateOrder: edit?.dateOrder !== undefined ? edit.dateOrder : job.options.dateOrder,
    decimalSeparator: edit?.decimalSeparator ?? job.options.decimalSeparator,
  };
  const file = await readImportFile(workspaceId, importJobId, PREVIEW_PREFIX_BYTES);
  const partial = file.totalBytes > file.bytes.length;
  const bytes = partial && job.options.encoding === "utf-8" ? trimPartialUtf8(file.bytes) : file.bytes;
  const { text } = decodeCsvBytes(bytes, job.options.encoding);
  const sample = await readSample(text, job.options.delimiter, PREVIEW_ROWS, partial);

  const problems = mappingProblems(job.kind, headers, mapping, attributeColumns);
  const converter = createRowConverter({ kind: job.kind, headers, mapping, attributeColumns, locale });
  const schema = IMPORT_SCHEMAS[job.kind];
  const rows: PreviewRow[] = sample.rows.slice(0, PREVIEW_ROWS).map((record) => {
    const converted = converter.convert(record);
    const input = converter.toInput(record);
    const parsed = schema.safeParse(input);
    const output = (parsed.success ? parsed.data : {}) as Record<string, unknown>;
    const cells: Record<string, PreviewCell> = {};
    for (const c of converter.columns) {
      const raw = record.fields[c.index] ?? "";
      const errors = converted.ok ? [] : converted.errors.filter((e) => e.column === c.header).map((e) => e.reason);
      // In a row rejected for another cell, this cell still shows what it would become.
      const value = errors.length ? null : display(parsed.success ? output[c.field] : input[c.field]);
      cells[c.field] = {
        raw: clipText(raw, PREVIEW_CELL_CHARS),
        value: value === null ? null : clipText(value, PREVIEW_CELL_CHARS),
        error: errors.length ? clipText(errors.join("; "), PREVIEW_CELL_CHARS) : null,
      };
    }
    const allAttributes = Object.entries((input.attributes ?? {}) as Record<string, string>);
    const attributes = Object.fromEntries(allAttributes.slice(0, PREVIEW_ATTRIBUTES_PER_ROW).map(([k, v]) => [k, clipText(v, PREVIEW_EXAMPLE_CHARS)]));
    const rowErrors = converted.ok
      ? []
      : converted.errors.filter((e) => !converter.columns.some((c) => c.header === e.column)).map((e) => clipText(`${e.column}: ${e.reason}`, PREVIEW_CELL_CHARS));
    return { line: record.line, cells, attributes, moreAttributes: Math.max(0, allAttributes.length - PREVIEW_ATTRIBUTES_PER_ROW), rowErrors };
  });

  const examples: Record<string, string[]> = {};
  headers.forEach((h, i) => {
    examples[h] = sample.rows
      .map((r) => r.fields[i] ?? "")
      .filter((v) => v !== "")
      .slice(0, 3)
      .map((v) => clipText(v, PREVIEW_EXAMPLE_CHARS));
  });

  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    draft: job.confirmedAt === null,
    fileName: job.fileName,
    totalRows: job.totalRows,
    headers,
    examples,
    mapping,
    attributeColumns,
    locale,
    fields: fieldsFor(job.kind).map(({ key, label, required, example }) => ({ key, label, required, example })),
    rows,
    problems,
  };
}
