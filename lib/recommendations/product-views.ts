import { pool } from "../db/pool.ts";
import { AppError } from "../errors.ts";
import { textProblem } from "../storable-text.ts";

/** How many products the products page lists (the most popular first). */
export const PRODUCT_LIST_LIMIT = 100;

export interface ProductListRow {
  externalId: string;
  name: string;
  category: string | null;
  buyers: number | null;
  repurchaseRate: number | null;
  neighbours: number;
}

export interface ProductListView {
  builtAt: Date | null;
  totalProducts: number;
  products: ProductListRow[];
}

/**
 * The products page: the most popular products by the last build (then the
 * rest by SKU), at most PRODUCT_LIST_LIMIT, through the popularity index
 * and the product key; the catalogue's size is one count of the
 * workspace's products (an index-only count, thousands of rows, not lines).
 */
export async function listProducts(workspaceId: number): Promise<ProductListView> {
  const build = await pool.query<{ built_at: Date }>("SELECT built_at FROM recommendation_build WHERE workspace_id = $1::int4", [workspaceId]);
  const count = await pool.query<{ n: number }>("SELECT count(*)::int4 AS n FROM product WHERE workspace_id = $1::int4", [workspaceId]);
  const rows = await pool.query<{ external_id: string; name: string; category: string | null; buyers: number | null; repurchase_rate: number | null; neighbours: number }>(
    `(SELECT p.external_id, p.name, p.category, s.buyers, s.repurchase_rate,
             (SELECT count(*)::int4 FROM product_neighbor n WHERE n.workspace_id = $1::int4 AND n.product_id = p.id) AS neighbours, s.popularity
        FROM product_stat s JOIN product p ON p.id = s.product_id
       WHERE s.workspace_id = $1::int4
       ORDER BY s.popularity DESC, s.product_id
       LIMIT $2::int4)
     UNION ALL
     (SELECT p.external_id, p.name, p.category, NULL, NULL, 0, NULL
        FROM product p
       WHERE p.workspace_id = $1::int4
         AND NOT EXISTS (SELECT 1 FROM product_stat s WHERE s.workspace_id = $1::int4 AND s.product_id = p.id)
       ORDER BY p.external_id
       LIMIT $2::int4)
     ORDER BY popularity DESC NULLS LAST, external_id
     LIMIT $2::int4`,
    [workspaceId, PRODUCT_LIST_LIMIT],
  );
  return {
    builtAt: build.rows[0]?.built_at ?? null,
    totalProducts: count.rows[0]?.n ?? 0,
    products: rows.rows.map((r) => ({
      externalId: r.external_id,
      name: r.name,
      category: r.category,
      buyers: r.buyers,
      repurchaseRate: r.repurchase_rate,
      neighbours: r.neighbours,
    })),
  };
}

export interface ProductNeighbourView {
  rank: number;
  externalId: string;
  name: string;
  category: string | null;
  coBaskets: number;
  confidence: number;
  lift: number;
  jaccard: number;
}

export interface ProductDetailView {
  externalId: string;
  name: string;
  category: string | null;
  brand: string | null;
  price: string | null;
  builtAt: Date | null;
  stats: { baskets: number; buyers: number; repeatBuyers: number; repurchaseRate: number } | null;
  /** "Frequently bought together", rank 1 first. */
  neighbours: ProductNeighbourView[];
}

/** One product with its kept statistics and neighbours, by SKU; 404 naming it when the workspace has no such product. */
export async function readProductDetail(workspaceId: number, externalId: string): Promise<ProductDetailView> {
  if (textProblem(externalId)) throw new AppError("NOT_FOUND", "No product with this ID.");
  const product = await pool.query<{ id: number; name: string; category: string | null; brand: string | null; price: string | null }>(
    "SELECT id, name, category, brand, price::text AS price FROM product WHERE workspace_id = $1::int4 AND external_id = $2::text",
    [workspaceId, externalId],
  );
  const p = product.rows[0];
  if (!p) throw new AppError("NOT_FOUND", `No product with ID “${externalId}”.`);
  const [build, stat, neighbours] = await Promise.all([
    pool.query<{ built_at: Date }>("SELECT built_at FROM recommendation_build WHERE workspace_id = $1::int4", [workspaceId]),
    pool.query<{ baskets: number; buyers: number; repeat_buyers: number; repurchase_rate: number }>(
      "SELECT baskets, buyers, repeat_buyers, repurchase_rate FROM product_stat WHERE workspace_id = $1::int4 AND product_id = $2::int4",
      [workspaceId, p.id],
    ),
    pool.query<{ rank: number; external_id: string; name: string; category: string | null; co_baskets: number; confidence: number; lift: number; jaccard: number }>(
      `SELECT n.rank, q.external_id, q.name, q.category, n.co_baskets, n.confidence, n.lift, n.jaccard
         FROM product_neighbor n JOIN product q ON q.id = n.neighbor_id
        WHERE n.workspace_id = $1::int4 AND n.product_id = $2::int4 ORDER BY n.rank`,
      [workspaceId, p.id],
    ),
  ]);
  const s = stat.rows[0];
  return {
    externalId,
    name: p.name,
    category: p.category,
    brand: p.brand,
    price: p.price,
    builtAt: build.rows[0]?.built_at ?? null,
    stats: s ? { baskets: s.baskets, buyers: s.buyers, repeatBuyers: s.repeat_buyers, repurchaseRate: s.repurchase_rate } : null,
    neighbours: neighbours.rows.map((r) => ({
      rank: r.rank,
      externalId: r.external_id,
      name: r.name,
      category: r.category,
      coBaskets: r.co_baskets,
      confidence: r.confidence,
      lift: r.lift,
      jaccard: r.jaccard,
    })),
  };
}
