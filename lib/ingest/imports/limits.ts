/** Largest CSV accepted for upload: ~1M order rows; bigger loads belong in several files or the batch API. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

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

/** Rows read at upload to guess the mapping, date order and decimal separator. */
export const SAMPLE_ROWS = 500;
