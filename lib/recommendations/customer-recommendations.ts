import type pg from "pg";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { readRecommendationSettings } from "./recommendation-settings.schema.ts";
import { reasonText, type RecommendationReason } from "./reason-text.ts";
import { categoryRecommendationsSql, productRecommendationsSql } from "./recommend-sql.ts";

/** How many products and categories a lookup answers by default, and at most. */
export const RECOMMENDATION_LIMIT = { default: 10, max: 50 } as const;

export interface ProductRecommendationView {
  rank: number;
  productId: string;
  name: string;
  category: string | null;
  price: string | null;
  score: number;
  reason: RecommendationReason;
}

export interface CategoryRecommendationView {
  rank: number;
  category: string;
  score: number;
  reason: RecommendationReason;
}

/** What the profile, GET /api/v1/customers/{id}/recommendations and campaign templates read. */
export interface CustomerRecommendationsView {
  /** When the model was last built; null before the first build (then both lists are empty). */
  builtAt: string | null;
  products: ProductRecommendationView[];
  categories: CategoryRecommendationView[];
}

const customersOf = (param: string) => `SELECT unnest(${param}::int8[]) AS customer_id`;
// A customer's counted orders up to now, through the (workspace_id, customer_id, placed_at) and (order_id) indexes.
const OWNED_PRODUCTS = `
  SELECT o.customer_id, oi.product_id, max(o.placed_at) AS last_at
    FROM customer_order o JOIN order_item oi ON oi.order_id = o.id
   WHERE o.workspace_id = $1::int4 AND o.customer_id = ANY ($6::int8[]) AND o.placed_at <= $2::timestamptz
     AND order_status_counts(o.status) AND oi.product_id IS NOT NULL
   GROUP BY o.customer_id, oi.product_id`;
// The categories a customer has bought from, from the behaviour timeline the triggers keep (one row per customer and
// category, the counted orders' times sorted): one primary-key read per customer instead of their orders, lines and
// products again.
const OWNED_CATEGORIES = `
  SELECT t.customer_id, t.category, l.last_at
    FROM customer_category_timeline t
    CROSS JOIN LATERAL (SELECT max(at) AS last_at FROM unnest(t.placed_at) AS at WHERE at <= $2::timestamptz) l
   WHERE t.customer_id = ANY ($6::int8[]) AND t.workspace_id = $1::int4 AND t.category <> '' AND l.last_at IS NOT NULL`;

/** One row of either list: products (with their product's fields) or categories. */
interface RecommendationRow {
  list: "product" | "category";
  customer_id: string;
  rank: number;
  score: number;
  kind: RecommendationReason["kind"];
  share: number | null;
  external_id: string | null;
  name: string | null;
  category: string | null;
  price: string | null;
  because: string | null;
}

const PRODUCTS_SQL = `
  SELECT 'product' AS list, r.customer_id::text, r.rank, r.score, r.kind, r.share, p.external_id, p.name, p.category,
         p.price::text AS price, b.name AS because
    FROM (${productRecommendationsSql({ customers: customersOf("$6"), owned: OWNED_PRODUCTS })}) r
    CROSS JOIN LATERAL (SELECT external_id, name, category, price FROM product WHERE id = r.product_id OFFSET 0) p
    LEFT JOIN LATERAL (SELECT name FROM product WHERE id = r.because_id OFFSET 0) b ON true`;

// Both lists in one statement (one round trip); the categories take the products' parameters ($5 how many, $6 ids).
const PRODUCTS_AND_CATEGORIES_SQL = `${PRODUCTS_SQL}
  UNION ALL
  SELECT 'category', c.customer_id::text, c.rank, c.score, c.kind, c.share, NULL, NULL, c.category, NULL, c.because
    FROM (${categoryRecommendationsSql({ customers: customersOf("$6"), owned: OWNED_CATEGORIES }, "$5")}) c`;

/**
 * Next-best offers for some customers of a workspace, computed at lookup from
 * the kept neighbour tables: each customer's own order lines (a handful of
 * index reads) joined to at most top-N neighbours per product, and their
 * category timeline rows. Keyed by customer id; a customer without history
 * gets the popularity back-fill.
 */
export async function recommendationsForCustomers(
  client: Pick<pg.PoolClient, "query">,
  workspaceId: number,
  customerIds: readonly bigint[],
  options: {
    limit?: number;
    now?: Date;
    /** Leave categories out (campaign templates use products only). */
    categories?: boolean;
    /** The workspace's settings and last build, when the caller has read them already. */
    model?: { settings: unknown; builtAt: Date | null };
    /**
     * Run the lists as a prepared statement (one customer at a time: the
     * profile, the API): each pooled connection plans it once instead of on
     * every lookup, where planning was a third of the statement's time.
     */
    prepared?: boolean;
  } = {},
): Promise<Map<string, CustomerRecommendationsView>> {
  const limit = options.limit ?? RECOMMENDATION_LIMIT.default;
  const out = new Map<string, CustomerRecommendationsView>();
  const model =
    options.model ??
    (
      await client.query<{ settings: unknown; builtAt: Date | null }>(
        `SELECT w.settings, b.built_at AS "builtAt" FROM workspace w LEFT JOIN recommendation_build b ON b.workspace_id = w.id WHERE w.id = $1::int4`,
        [workspaceId],
      )
    ).rows[0];
  const builtAt = model?.builtAt ?? null;
  for (const id of customerIds) out.set(String(id), { builtAt: builtAt?.toISOString() ?? null, products: [], categories: [] });
  if (!builtAt || customerIds.length === 0) return out;
  const settings = readRecommendationSettings(model!.settings);
  const params = [workspaceId, options.now ?? new Date(), settings.halfLifeDays, settings.repeatPurchaseRate, limit, customerIds.map(String)];
  const sql = options.categories === false ? PRODUCTS_SQL : PRODUCTS_AND_CATEGORIES_SQL;
  const text = `${sql}\n ORDER BY 2, 1 DESC, 3`;
  const name = options.prepared ? (options.categories === false ? "recommendations-products" : "recommendations-products-categories") : undefined;
  const res = await client.query<RecommendationRow>({ name, text, values: params });
  for (const row of res.rows) {
    const view = out.get(row.customer_id);
    if (!view) continue;
    const reason = { kind: row.kind, because: row.because, share: row.share };
    if (row.list === "product") {
      view.products.push({
        rank: row.rank,
        productId: row.external_id!,
        name: row.name!,
        category: row.category,
        price: row.price,
        score: row.score,
        reason: { ...reason, text: reasonText(reason) },
      });
    } else {
      view.categories.push({ rank: row.rank, category: row.category!, score: row.score, reason: { ...reason, text: reasonText(reason) } });
    }
  }
  return out;
}

interface Found {
  id: string | null;
  settings: unknown;
  built_at: Date | null;
}

/**
 * The customer (by id or external id), the workspace's settings and its last build in one round trip, then the
 * lookup itself (both lists in one statement): the profile, the API and the bench pay for two statements.
 */
async function lookupOne(
  workspaceId: number,
  by: { id: bigint } | { externalId: string },
  options: { limit?: number; now?: Date; signal?: AbortSignal },
): Promise<CustomerRecommendationsView> {
  return withTransaction(
    async (client) => {
      const found = await client.query<Found>({
        name: "id" in by ? "recommendations-customer-by-id" : "recommendations-customer-by-external-id",
        text: `SELECT (SELECT c.id::text FROM customer c
                  WHERE c.workspace_id = w.id AND ${"id" in by ? "c.id = $2::int8" : "c.external_id = $2::text"}) AS id,
                w.settings, b.built_at
           FROM workspace w LEFT JOIN recommendation_build b ON b.workspace_id = w.id
          WHERE w.id = $1::int4`,
        values: [workspaceId, "id" in by ? by.id.toString() : by.externalId],
      });
      const row = found.rows[0];
      if (!row?.id) throw new AppError("NOT_FOUND", "id" in by ? "No such customer." : `No customer with external_id “${by.externalId}”.`);
      const views = await recommendationsForCustomers(client, workspaceId, [BigInt(row.id)], { ...options, model: { settings: row.settings, builtAt: row.built_at }, prepared: true });
      return views.get(row.id)!;
    },
    { signal: options.signal },
  );
}

/** One customer's recommendations, by internal id (the profile) within the workspace; 404 if it is not one of its customers. */
export async function readCustomerRecommendations(
  workspaceId: number,
  customerId: bigint,
  options: { limit?: number; now?: Date; signal?: AbortSignal } = {},
): Promise<CustomerRecommendationsView> {
  return lookupOne(workspaceId, { id: customerId }, options);
}

/** One customer's recommendations by external id (the public API); 404 naming the id if there is no such customer. */
export async function readRecommendationsByExternalId(
  workspaceId: number,
  externalId: string,
  options: { limit?: number; now?: Date; signal?: AbortSignal } = {},
): Promise<CustomerRecommendationsView> {
  return lookupOne(workspaceId, { externalId }, options);
}
