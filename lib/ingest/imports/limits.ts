/** Largest CSV accepted for upload: ~1M order rows; bigger loads belong in several files or the batch API. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Rows per transaction in a CSV import: big enough for set-based speed, small enough for steady progress. */
export const IMPORT_BATCH_ROWS = 20_000;

/** Rejected cells kept for the result page and the error CSV (error_count stays exact beyond this). */
export const MAX_STORED_ERRORS = 10_000;

/** Rows shown on the mapping screen's preview. */
export const PREVIEW_ROWS = 20;

/** Rows read at upload to guess the mapping, date order and decimal separator. */
export const SAMPLE_ROWS = 500;
