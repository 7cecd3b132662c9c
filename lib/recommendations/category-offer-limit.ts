/**
 * How many recommended categories the build keeps per customer for the
 * segment rule "recommended category is … within the top N" (N from 1 to
 * this). Three: a marketer targets a customer's first or first few
 * suggestions, and each one more is a million more array elements at 1M
 * customers. Changing it takes effect at the next build.
 */
export const CATEGORY_OFFERS_KEPT = 3;
