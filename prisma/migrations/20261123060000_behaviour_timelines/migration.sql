-- Behaviour timelines: each customer's counted orders (with running revenue),
-- purchases by category and events by type, as sorted arrays, one row per
-- customer (and category / event type). Segment rules over a time window read
-- these rows and binary-search the arrays (width_bucket) instead of grouping
-- millions of orders, lines and events: "3+ orders in the last 365 days" at 1M
-- customers reads 1M short rows, not 6M orders. docs/segments.md, "Behaviour
-- timelines".
--
-- Statement-level triggers on the source tables keep the rows exact in the
-- same transaction as the write: they recompute the affected customers from
-- the source rows (set-based, one statement per table touched).

-- The order statuses that never count (lib/analytics/runs/counted-orders.ts;
-- a test checks both lists agree).
CREATE FUNCTION "order_status_counts"(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN status <> ALL ('{cancelled,canceled,refunded,failed,voided}'::text[]);

-- Counted orders, oldest first. revenue_cents[k + 1] is the sum of the first k
-- totals in cents (revenue_cents[1] = 0), so the revenue of the orders between
-- two positions is one subtraction.
CREATE TABLE "customer_order_timeline" (
    "customer_id" BIGINT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "placed_at" TIMESTAMPTZ(3)[] NOT NULL,
    "revenue_cents" BIGINT[] NOT NULL,
    CONSTRAINT "customer_order_timeline_pkey" PRIMARY KEY ("customer_id")
);
CREATE INDEX "customer_order_timeline_workspace_id_idx" ON "customer_order_timeline"("workspace_id");
ALTER TABLE "customer_order_timeline" ADD CONSTRAINT "customer_order_timeline_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Counted orders holding at least one line of the category, oldest first.
CREATE TABLE "customer_category_timeline" (
    "customer_id" BIGINT NOT NULL,
    "category" TEXT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "placed_at" TIMESTAMPTZ(3)[] NOT NULL,
    CONSTRAINT "customer_category_timeline_pkey" PRIMARY KEY ("customer_id", "category")
);
CREATE INDEX "customer_category_timeline_workspace_id_category_idx" ON "customer_category_timeline"("workspace_id", "category");
ALTER TABLE "customer_category_timeline" ADD CONSTRAINT "customer_category_timeline_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events of one type, oldest first.
CREATE TABLE "customer_event_timeline" (
    "customer_id" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3)[] NOT NULL,
    CONSTRAINT "customer_event_timeline_pkey" PRIMARY KEY ("customer_id", "type")
);
CREATE INDEX "customer_event_timeline_workspace_id_type_idx" ON "customer_event_timeline"("workspace_id", "type");
ALTER TABLE "customer_event_timeline" ADD CONSTRAINT "customer_event_timeline_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Writers of the same customer take turns here; every statement after this
-- one reads with a fresh snapshot (READ COMMITTED), so orders or events that
-- a concurrent transaction committed meanwhile are included, never lost.
-- NO KEY UPDATE does not block the KEY SHARE locks of foreign-key checks.
CREATE FUNCTION "lock_customers_for_timeline"(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customer WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
END $$;

CREATE FUNCTION "refresh_category_timelines"(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(ids);
  WITH fresh AS (
    SELECT x.customer_id, x.category, min(x.workspace_id) AS workspace_id, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id) AS placed_at
    FROM (
      SELECT DISTINCT o.id AS order_id, o.customer_id, o.workspace_id, o.placed_at, p.category
      FROM customer_order o
      JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = o.workspace_id
      JOIN product p ON p.id = oi.product_id AND p.workspace_id = o.workspace_id
      WHERE o.customer_id = ANY(ids) AND order_status_counts(o.status) AND p.category IS NOT NULL
    ) x
    GROUP BY x.customer_id, x.category
  ), upserted AS (
    INSERT INTO customer_category_timeline AS t (customer_id, category, workspace_id, placed_at)
    SELECT customer_id, category, workspace_id, placed_at FROM fresh
    ON CONFLICT (customer_id, category) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, placed_at = EXCLUDED.placed_at
    WHERE (t.workspace_id, t.placed_at) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.placed_at)
  )
  DELETE FROM customer_category_timeline t
  WHERE t.customer_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = t.customer_id AND f.category = t.category);
END $$;

CREATE FUNCTION "refresh_order_timelines"(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(ids);
  WITH fresh AS (
    SELECT s.customer_id, min(s.workspace_id) AS workspace_id,
           array_agg(s.placed_at ORDER BY s.placed_at, s.id) AS placed_at,
           array_prepend(0::bigint, array_agg(s.running ORDER BY s.placed_at, s.id)) AS revenue_cents
    FROM (
      SELECT o.customer_id, o.workspace_id, o.placed_at, o.id,
             sum((o.total * 100)::bigint) OVER (PARTITION BY o.customer_id ORDER BY o.placed_at, o.id) AS running
      FROM customer_order o
      WHERE o.customer_id = ANY(ids) AND order_status_counts(o.status)
    ) s
    GROUP BY s.customer_id
  ), upserted AS (
    INSERT INTO customer_order_timeline AS t (customer_id, workspace_id, placed_at, revenue_cents)
    SELECT customer_id, workspace_id, placed_at, revenue_cents FROM fresh
    ON CONFLICT (customer_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, placed_at = EXCLUDED.placed_at, revenue_cents = EXCLUDED.revenue_cents
    WHERE (t.workspace_id, t.placed_at, t.revenue_cents) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.placed_at, EXCLUDED.revenue_cents)
  )
  DELETE FROM customer_order_timeline t
  WHERE t.customer_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = t.customer_id);
  PERFORM refresh_category_timelines(ids);
END $$;

CREATE FUNCTION "refresh_event_timelines"(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(ids);
  WITH fresh AS (
    SELECT e.customer_id, e.type, min(e.workspace_id) AS workspace_id, array_agg(e.occurred_at ORDER BY e.occurred_at) AS occurred_at
    FROM event e
    WHERE e.customer_id = ANY(ids)
    GROUP BY e.customer_id, e.type
  ), upserted AS (
    INSERT INTO customer_event_timeline AS t (customer_id, type, workspace_id, occurred_at)
    SELECT customer_id, type, workspace_id, occurred_at FROM fresh
    ON CONFLICT (customer_id, type) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, occurred_at = EXCLUDED.occurred_at
    WHERE (t.workspace_id, t.occurred_at) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.occurred_at)
  )
  DELETE FROM customer_event_timeline t
  WHERE t.customer_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = t.customer_id AND f.type = t.type);
END $$;

-- Orders: inserts, changes that matter (customer, time, total, status) and deletes.
CREATE FUNCTION "customer_order_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_order_timelines(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_order_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_order_timelines(ARRAY(
    SELECT unnest(ARRAY[o.customer_id, n.customer_id])
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.customer_id, o.workspace_id, o.placed_at, o.total, o.status) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.placed_at, n.total, n.status)
    GROUP BY 1));
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_order_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_order_timelines(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "customer_order_timeline_insert" AFTER INSERT ON "customer_order"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_inserted();
CREATE TRIGGER "customer_order_timeline_update" AFTER UPDATE ON "customer_order"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_updated();
CREATE TRIGGER "customer_order_timeline_delete" AFTER DELETE ON "customer_order"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_deleted();

-- Order lines: the customers of the orders they belong to (before and after).
CREATE FUNCTION "order_item_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_category_timelines(ARRAY(
    SELECT DISTINCT o.customer_id FROM customer_order o WHERE o.id IN (SELECT order_id FROM new_rows)));
  RETURN NULL;
END $$;
CREATE FUNCTION "order_item_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_category_timelines(ARRAY(
    SELECT DISTINCT o.customer_id FROM customer_order o
    WHERE o.id IN (
      SELECT unnest(ARRAY[ol.order_id, n.order_id])
      FROM old_rows ol JOIN new_rows n ON n.id = ol.id
      WHERE (ol.order_id, ol.product_id, ol.workspace_id) IS DISTINCT FROM (n.order_id, n.product_id, n.workspace_id))));
  RETURN NULL;
END $$;
CREATE FUNCTION "order_item_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Lines deleted with their order: the order's own trigger refreshes its customer.
  PERFORM refresh_category_timelines(ARRAY(
    SELECT DISTINCT o.customer_id FROM customer_order o WHERE o.id IN (SELECT order_id FROM old_rows)));
  RETURN NULL;
END $$;
CREATE TRIGGER "order_item_timeline_insert" AFTER INSERT ON "order_item"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_item_inserted();
CREATE TRIGGER "order_item_timeline_update" AFTER UPDATE ON "order_item"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_item_updated();
CREATE TRIGGER "order_item_timeline_delete" AFTER DELETE ON "order_item"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION order_item_deleted();

-- Products: a category (or workspace) change moves every purchase of the product.
CREATE FUNCTION "product_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_category_timelines(ARRAY(
    SELECT DISTINCT o.customer_id
    FROM order_item oi JOIN customer_order o ON o.id = oi.order_id
    WHERE oi.product_id IN (
      SELECT n.id FROM old_rows ol JOIN new_rows n ON n.id = ol.id
      WHERE (ol.category, ol.workspace_id) IS DISTINCT FROM (n.category, n.workspace_id))));
  RETURN NULL;
END $$;
CREATE TRIGGER "product_timeline_update" AFTER UPDATE ON "product"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_updated();

-- Events.
CREATE FUNCTION "event_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_timelines(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION "event_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_timelines(ARRAY(
    SELECT unnest(ARRAY[ol.customer_id, n.customer_id])
    FROM old_rows ol JOIN new_rows n ON n.id = ol.id
    WHERE (ol.customer_id, ol.workspace_id, ol.type, ol.occurred_at) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.type, n.occurred_at)
    GROUP BY 1));
  RETURN NULL;
END $$;
CREATE FUNCTION "event_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_timelines(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "event_timeline_insert" AFTER INSERT ON "event"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_inserted();
CREATE TRIGGER "event_timeline_update" AFTER UPDATE ON "event"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_updated();
CREATE TRIGGER "event_timeline_delete" AFTER DELETE ON "event"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_deleted();

-- Whole-workspace rebuild, set-based: bulk loads that bypass triggers (the
-- demo seed's COPY in replica mode) call it once at the end, and this
-- migration uses it for the data already there.
CREATE FUNCTION "rebuild_customer_timelines"(ws integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_order_timeline WHERE workspace_id = ws;
  DELETE FROM customer_category_timeline WHERE workspace_id = ws;
  DELETE FROM customer_event_timeline WHERE workspace_id = ws;
  INSERT INTO customer_order_timeline (customer_id, workspace_id, placed_at, revenue_cents)
  SELECT s.customer_id, ws, array_agg(s.placed_at ORDER BY s.placed_at, s.id),
         array_prepend(0::bigint, array_agg(s.running ORDER BY s.placed_at, s.id))
  FROM (
    SELECT o.customer_id, o.placed_at, o.id,
           sum((o.total * 100)::bigint) OVER (PARTITION BY o.customer_id ORDER BY o.placed_at, o.id) AS running
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
  INSERT INTO customer_event_timeline (customer_id, type, workspace_id, occurred_at)
  SELECT e.customer_id, e.type, ws, array_agg(e.occurred_at ORDER BY e.occurred_at)
  FROM event e WHERE e.workspace_id = ws
  GROUP BY e.customer_id, e.type;
END $$;

SELECT rebuild_customer_timelines(id) FROM workspace;
