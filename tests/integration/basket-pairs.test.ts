import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { basketPairs, createPairIndex, PAIR_INDEX_MAX } from "../../lib/recommendations/model-tables.ts";

afterAll(async () => {
  await pool.end();
});

/** Every pair i < j of each basket, enumerated in TypeScript: the oracle. */
function expectedPairs(baskets: number[][], min: number, max: number): string[] {
  const out: string[] = [];
  baskets.forEach((products, order) => {
    if (products.length < min || products.length > max) return;
    for (let i = 0; i < products.length; i++) for (let j = i + 1; j < products.length; j++) out.push(`${order}:${products[i]}-${products[j]}`);
  });
  return out.sort();
}

describe("basket pairs", () => {
  it("enumerates each basket's pairs once, through the pair index and beyond it", async () => {
    // Sizes 0 to PAIR_INDEX_MAX + 6, so both the indexed baskets and the larger ones (generate_series) are covered.
    const baskets = Array.from({ length: PAIR_INDEX_MAX + 7 }, (_, n) => Array.from({ length: n }, (_, k) => 1_000 + ((k * 37 + n) % 997)));
    expect(baskets.some((b) => b.length > PAIR_INDEX_MAX)).toBe(true);
    await withTransaction(async (client) => {
      await client.query(
        `CREATE TEMP TABLE rb_basket ON COMMIT DROP AS
         SELECT (o - 1)::int8 AS order_id, 1.0::float8 AS w, p AS products
           FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o), LATERAL (SELECT t::int4[] AS p) x`,
        [baskets.map((b) => `{${b.join(",")}}`)],
      );
      await createPairIndex(client);
      for (const [min, max] of [
        [2, Number.POSITIVE_INFINITY],
        [2, 2],
        [3, Number.POSITIVE_INFINITY],
      ] as const) {
        const { rows } = await client.query<{ key: string }>(`SELECT order_id || ':' || first || '-' || second AS key FROM (${basketPairs(min, max)}) x`);
        expect(rows.map((r) => r.key).sort(), `sizes ${min}..${max}`).toEqual(expectedPairs(baskets, min, max));
      }
    });
  });
});
