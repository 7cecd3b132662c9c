import { z } from "zod";
import { DELIMITERS } from "../csv/scan-csv.ts";
import { MAX_COLUMNS, MAX_STORED_COLUMN_NAME_CHARS } from "./limits.ts";

const columnName = z.string().max(MAX_STORED_COLUMN_NAME_CHARS, `must be a column of the file (at most ${MAX_STORED_COLUMN_NAME_CHARS} characters)`);

/** How an uploaded file is read; stored in import_job.options. */
export const importOptionsSchema = z.object({
  encoding: z.enum(["utf-8", "utf-16le", "utf-16be", "windows-1252"]),
  delimiter: z.enum(DELIMITERS),
  /** Header names after de-duplication ("email", "email (2)"). */
  headers: z.array(z.string()),
  /** Customers only: columns kept as custom attributes. */
  attributeColumns: z.array(z.string()).default([]),
  dateOrder: z.enum(["DMY", "MDY"]).nullable().default(null),
  decimalSeparator: z.enum([".", ","]).default("."),
});

export type ImportOptions = z.infer<typeof importOptionsSchema>;

/** Largest mapping body: a column name per field and attribute column, well within this. */
export const MAX_IMPORT_MAPPING_BYTES = 256 * 1024;

/** What the mapping screen sends to preview or start an import. */
export const importMappingInputSchema = z.object({
  /** Field key → CSV header. */
  mapping: z.record(z.string().max(64, "must be a field key"), columnName),
  attributeColumns: z.array(columnName).max(MAX_COLUMNS, `can name at most ${MAX_COLUMNS} columns`).default([]),
  dateOrder: z.enum(["DMY", "MDY"]).nullable().optional(),
  decimalSeparator: z.enum([".", ","]).optional(),
});

export type ImportMappingInput = z.infer<typeof importMappingInputSchema>;
