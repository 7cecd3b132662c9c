/** Items per batch request; larger loads go through several requests or a CSV import. */
export const MAX_BATCH_ITEMS = 1000;

/** Request body caps: a batch of 1,000 rich customers fits in 5 MB; one item in 256 KB. */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;
export const MAX_SINGLE_BYTES = 256 * 1024;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
