import type { CsvLimits } from "../csv/scan-csv.ts";

/** Largest CSV accepted for upload: ~1M order rows; bigger loads belong in several files or the batch API. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/*
 * The shape of an upload is limited as well as its size: a 9 MB file can hold
 * one header of a million columns, and every per-column structure built from
 * it (header names, the mapping screen, the preview) grows with that width.
 * These limits are checked in one pass over the file before anything is
 * parsed into records or stored (scanCsv); the first breach refuses the upload
 * with its line and column.
 */

/**
 * Columns per line. Our widest real mapping is about 30 fields plus custom
 * attributes; CRM "export all properties" files run to a few hundred columns.
 * 500 keeps those and still renders the mapping screen as one page.
 */
export const MAX_COLUMNS = 500;

/**
 * Characters in one column name. Unmapped customer columns become attribute
 * keys, which the customer schema caps at 200 characters, so a longer name
 * could never be imported anyway.
 */
export const MAX_COLUMN_NAME_CHARS = 200;

/**
 * A stored column name may be longer than the file's by what makes it unique
 * ("email (12)") or names a blank one ("column_500").
 */
export const MAX_STORED_COLUMN_NAME_CHARS = MAX_COLUMN_NAME_CHARS + 10;

/** Characters in the whole header line: 500 columns of ~130-character names. */
export const MAX_HEADER_CHARS = 64 * 1024;

/**
 * Characters in one cell. The longest importable value is a customer's
 * attributes (16 KB of JSON); the margin lets a long free-text column the user
 * does not import ride along without blocking the file.
 */
export const MAX_CELL_CHARS = 64 * 1024;

/**
 * Characters in one record (a line, or several when a quoted value holds line
 * breaks). Bounds what the parser holds for a row, and guarantees the preview's
 * 512 KiB prefix holds the header and at least one row.
 */
export const MAX_RECORD_CHARS = 256 * 1024;

/** The shape limits, as the upload scan takes them. */
export const UPLOAD_CSV_LIMITS: CsvLimits = {
  maxColumns: MAX_COLUMNS,
  maxColumnNameChars: MAX_COLUMN_NAME_CHARS,
  maxHeaderChars: MAX_HEADER_CHARS,
  maxCellChars: MAX_CELL_CHARS,
  maxRecordChars: MAX_RECORD_CHARS,
};

/**
 * Rows per transaction in a CSV import: big enough for set-based speed (each
 * batch also rewrites the behaviour timeline of every customer it touches, so
 * fewer, larger batches rewrite each customer fewer times: 100k orders went
 * from 18-19k to 22k rows/s going from 20k to 50k rows), small enough for
 * steady progress (a step every 2-3 s).
 */
export const IMPORT_BATCH_ROWS = 50_000;

/** Rejected cells kept for the result page and the error CSV (error_count stays exact beyond this). */
export const MAX_STORED_ERRORS = 10_000;

/** Rows shown on the mapping screen's preview. */
export const PREVIEW_ROWS = 20;

/**
 * What the mapping screen and the preview API carry per value: cell text is
 * cut to this many characters (with a marker saying how much was left out),
 * and a row shows this many custom attributes, so no response grows with a
 * cell's length and only the column list grows with the width (up to MAX_COLUMNS).
 */
export const PREVIEW_CELL_CHARS = 200;
export const PREVIEW_EXAMPLE_CHARS = 40;
export const PREVIEW_ATTRIBUTES_PER_ROW = 10;

/** Rows read at upload to guess the mapping, date order and decimal separator. */
export const SAMPLE_ROWS = 500;
