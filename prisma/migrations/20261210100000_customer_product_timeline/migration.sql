-- Product timelines: one row per customer and product with the sorted times
-- of the customer's counted orders holding a line of the product, kept exact
-- by the same triggers as the category timelines. The recommendations build
-- reads its per-product statistics (baskets, buyers, repurchase rate,
-- popularity) from them instead of grouping every basket by customer and
-- product again (12.6M groups at 1M customers, spilled to disk).
-- docs/recommendations.md, step 2.
--
-- "Holding the product" is what a basket is: a line of the order's own
-- workspace with that product id (the product row is not read, so a product's
-- name or category changing moves nothing; deleting a product empties its
-- lines' product id, which the line trigger sees). A product on two lines of
-- an order is held once. Equal times: smaller order id first, as in the
-- category timelines.

CREATE TABLE "customer_product_timeline" (
    "customer_id" BIGINT NOT NULL,
    "product_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "placed_at" TIMESTAMPTZ(3)[] NOT NULL
);

-- Backfill before the keys exist (one sorted pass, then the index built once,
-- instead of 12.6M index insertions at 1M customers).
SET LOCAL work_mem = '256MB';
INSERT INTO customer_product_timeline (customer_id, product_id, workspace_id, placed_at)
SELECT x.customer_id, x.product_id, min(x.workspace_id), array_agg(x.placed_at ORDER BY x.placed_at, x.order_id)
FROM (
  SELECT DISTINCT o.customer_id, oi.product_id, o.id AS order_id, o.workspace_id, o.placed_at
  FROM customer_order o
  JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = o.workspace_id
  WHERE order_status_counts(o.status) AND oi.product_id IS NOT NULL
) x
GROUP BY x.customer_id, x.product_id;
RESET work_mem;

ALTER TABLE "customer_product_timeline" ADD CONSTRAINT "customer_product_timeline_pkey" PRIMARY KEY ("customer_id", "product_id");
CREATE INDEX "customer_product_timeline_workspace_id_product_id_idx" ON "customer_product_timeline"("workspace_id", "product_id");
ALTER TABLE "customer_product_timeline" ADD CONSTRAINT "customer_product_timeline_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Rewritten per customer by import batches, as the category timelines (migration 20261204120000).
ALTER TABLE "customer_product_timeline" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);

-- The order and line triggers refresh both purchase timelines of the affected
-- customers in one statement: each customer's counted orders and their lines
-- are read once (through their indexes, LATERAL with OFFSET 0 as in
-- refresh_category_timelines), then grouped by category (through each line's
-- product) and by product. refresh_category_timelines stays for product
-- changes, which move categories only.
CREATE FUNCTION "refresh_purchase_timelines"(ids bigint[]) RETURNS void LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(ids);
  WITH affected AS (
    SELECT DISTINCT id AS customer_id FROM unnest(ids) AS u(id)
  ), bought AS MATERIALIZED (
    SELECT a.customer_id, o.id AS order_id, o.workspace_id, o.placed_at, oi.product_id
    FROM affected a
    CROSS JOIN LATERAL (SELECT id, workspace_id, placed_at FROM customer_order WHERE customer_id = a.customer_id AND order_status_counts(status) OFFSET 0) o
    CROSS JOIN LATERAL (SELECT product_id FROM order_item WHERE order_id = o.id AND workspace_id = o.workspace_id AND product_id IS NOT NULL OFFSET 0) oi
  ), fresh_category AS (
    SELECT x.customer_id, x.category, min(x.workspace_id) AS workspace_id, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id) AS placed_at
    FROM (
      SELECT DISTINCT b.customer_id, b.order_id, b.workspace_id, b.placed_at, p.category
      FROM bought b
      CROSS JOIN LATERAL (SELECT category FROM product WHERE id = b.product_id AND workspace_id = b.workspace_id AND category IS NOT NULL OFFSET 0) p
    ) x
    GROUP BY x.customer_id, x.category
  ), fresh_product AS (
    SELECT x.customer_id, x.product_id, min(x.workspace_id) AS workspace_id, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id) AS placed_at
    FROM (SELECT DISTINCT customer_id, order_id, workspace_id, placed_at, product_id FROM bought) x
    GROUP BY x.customer_id, x.product_id
  ), stale_category AS (
    SELECT t.customer_id, t.category
    FROM affected a
    CROSS JOIN LATERAL (SELECT customer_id, category FROM customer_category_timeline WHERE customer_id = a.customer_id OFFSET 0) t
    WHERE NOT EXISTS (SELECT 1 FROM fresh_category f WHERE f.customer_id = t.customer_id AND f.category = t.category)
  ), stale_product AS (
    SELECT t.customer_id, t.product_id
    FROM affected a
    CROSS JOIN LATERAL (SELECT customer_id, product_id FROM customer_product_timeline WHERE customer_id = a.customer_id OFFSET 0) t
    WHERE NOT EXISTS (SELECT 1 FROM fresh_product f WHERE f.customer_id = t.customer_id AND f.product_id = t.product_id)
  ), upserted_category AS (
    INSERT INTO customer_category_timeline AS t (customer_id, category, workspace_id, placed_at)
    SELECT customer_id, category, workspace_id, placed_at FROM fresh_category
    ON CONFLICT (customer_id, category) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, placed_at = EXCLUDED.placed_at
    WHERE (t.workspace_id, t.placed_at) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.placed_at)
  ), upserted_product AS (
    INSERT INTO customer_product_timeline AS t (customer_id, product_id, workspace_id, placed_at)
    SELECT customer_id, product_id, workspace_id, placed_at FROM fresh_product
    ON CONFLICT (customer_id, product_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, placed_at = EXCLUDED.placed_at
    WHERE (t.workspace_id, t.placed_at) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.placed_at)
  ), deleted_category AS (
    DELETE FROM customer_category_timeline t USING stale_category s
    WHERE t.customer_id = s.customer_id AND t.category = s.category
  )
  DELETE FROM customer_product_timeline t USING stale_product s
  WHERE t.customer_id = s.customer_id AND t.product_id = s.product_id;
END $$;

-- The callers of refresh_category_timelines that react to order and line
-- writes, as migration 20261207200000 (orders) and 20261123060000 (lines)
-- left them, now refreshing both purchase timelines.
CREATE OR REPLACE FUNCTION "customer_order_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; p timestamptz[]; v bigint[]; s integer[];
BEGIN
  WITH changed AS (
    SELECT o.customer_id AS old_customer, o.workspace_id AS old_workspace, o.placed_at AS old_placed_at, o.total AS old_total, o.status AS old_status,
           n.customer_id, n.workspace_id, n.placed_at, n.total, n.status
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.customer_id, o.workspace_id, o.placed_at, o.total, o.status) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.placed_at, n.total, n.status)
  ), deltas AS (
    SELECT old_customer AS customer_id, old_workspace AS workspace_id, old_placed_at AS placed_at, (old_total * 100)::bigint AS cents, -1 AS sign
    FROM changed WHERE order_status_counts(old_status)
    UNION ALL
    SELECT customer_id, workspace_id, placed_at, (total * 100)::bigint, 1 FROM changed WHERE order_status_counts(status)
  )
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(placed_at), array_agg(cents), array_agg(sign) INTO c, w, p, v, s FROM deltas;
  PERFORM apply_order_timeline_deltas(c, w, p, v, s);
  PERFORM apply_order_fact_deltas(c, w, p, v, s);
  PERFORM refresh_purchase_timelines(ARRAY(
    SELECT unnest(ARRAY[o.customer_id, n.customer_id])
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.customer_id, o.workspace_id, o.placed_at, o.status) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.placed_at, n.status)
    GROUP BY 1));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION "customer_order_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; p timestamptz[]; v bigint[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(placed_at), array_agg((total * 100)::bigint), array_agg(-1)
  INTO c, w, p, v, s
  FROM old_rows WHERE order_status_counts(status);
  PERFORM apply_order_timeline_deltas(c, w, p, v, s);
  PERFORM apply_order_fact_deltas(c, w, p, v, s);
  PERFORM refresh_purchase_timelines(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION "refresh_line_timelines"(order_ids bigint[], product_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customer_order o JOIN (SELECT DISTINCT id FROM unnest(order_ids) AS u(id)) a ON o.id = a.id ORDER BY o.id FOR SHARE OF o;
  PERFORM 1 FROM product p JOIN (SELECT DISTINCT id FROM unnest(product_ids) AS u(id)) a ON p.id = a.id ORDER BY p.id FOR SHARE OF p;
  PERFORM refresh_purchase_timelines(ARRAY(
    SELECT DISTINCT o.customer_id FROM customer_order o JOIN (SELECT DISTINCT id FROM unnest(order_ids) AS u(id)) a ON o.id = a.id));
END $$;

-- Whole-workspace rebuild (bulk loads that bypass triggers): as in migration
-- 20261123060000, plus the product timelines.
CREATE OR REPLACE FUNCTION "rebuild_customer_timelines"(ws integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_order_timeline WHERE workspace_id = ws;
  DELETE FROM customer_category_timeline WHERE workspace_id = ws;
  DELETE FROM customer_product_timeline WHERE workspace_id = ws;
  DELETE FROM customer_event_timeline WHERE workspace_id = ws;
  INSERT INTO customer_order_timeline (customer_id, workspace_id, placed_at, revenue_cents)
  SELECT s.customer_id, ws, array_agg(s.placed_at ORDER BY s.placed_at, s.cents),
         array_prepend(0::bigint, array_agg(s.running ORDER BY s.placed_at, s.cents))
  FROM (
    SELECT o.customer_id, o.placed_at, (o.total * 100)::bigint AS cents,
           sum((o.total * 100)::bigint) OVER (PARTITION BY o.customer_id ORDER BY o.placed_at, (o.total * 100)::bigint ROWS UNBOUNDED PRECEDING) AS running
    FROM customer_order o
    WHERE o.workspace_id = ws AND order_status_counts(o.status)
  ) s
  GROUP BY s.customer_id;
  INSERT INTO customer_category_timeline (customer_id, category, workspace_id, placed_at)
  SELECT x.customer_id, x.category, ws, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id)
  FROM (
    SELECT DISTINCT o.id AS order_id, o.customer_id, o.placed_at, p.category
    FROM customer_order o
    JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = ws
    JOIN product p ON p.id = oi.product_id AND p.workspace_id = ws
    WHERE o.workspace_id = ws AND order_status_counts(o.status) AND p.category IS NOT NULL
  ) x
  GROUP BY x.customer_id, x.category;
  INSERT INTO customer_product_timeline (customer_id, product_id, workspace_id, placed_at)
  SELECT x.customer_id, x.product_id, ws, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id)
  FROM (
    SELECT DISTINCT o.id AS order_id, o.customer_id, o.placed_at, oi.product_id
    FROM customer_order o
    JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = ws
    WHERE o.workspace_id = ws AND order_status_counts(o.status) AND oi.product_id IS NOT NULL
  ) x
  GROUP BY x.customer_id, x.product_id;
  INSERT INTO customer_event_timeline (customer_id, type, workspace_id, occurred_at)
  SELECT e.customer_id, e.type, ws, array_agg(e.occurred_at ORDER BY e.occurred_at)
  FROM event e WHERE e.workspace_id = ws
  GROUP BY e.customer_id, e.type;
END $$;
