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

-- Counted orders, oldest first (equal times: smaller total first, so the
-- arrays depend on the orders alone, whichever way they were built).
-- revenue_cents[k + 1] is the sum of the first k totals in cents
-- (revenue_cents[1] = 0), so the revenue of the orders between two positions
-- is one subtraction, and each order's total is a difference.
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
  PERFORM 1 FROM customer c JOIN (SELECT DISTINCT id FROM unnest(ids) AS u(id)) a ON c.id = a.id ORDER BY c.id FOR NO KEY UPDATE OF c;
END $$;

-- The refreshes below run inside the writing statement for the customers it
-- touched (20k in an import batch). They read each customer's rows through
-- its index (LATERAL, with OFFSET 0 where Postgres would otherwise flatten the
-- subquery into a join: a plan that cannot turn into a scan of 10M orders or
-- 1M timelines when the planner misjudges a long id list) and write only rows
-- that changed. JIT would spend more compiling than these statements run, and
-- 32 MB of work_mem keeps a 20k-order batch's grouping in memory.

CREATE FUNCTION "refresh_category_timelines"(ids bigint[]) RETURNS void LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(ids);
  WITH affected AS (
    SELECT DISTINCT id AS customer_id FROM unnest(ids) AS u(id)
  ), fresh AS (
    SELECT a.customer_id, f.category, f.workspace_id, f.placed_at
    FROM affected a
    CROSS JOIN LATERAL (
      SELECT x.category, min(x.workspace_id) AS workspace_id, array_agg(x.placed_at ORDER BY x.placed_at, x.order_id) AS placed_at
      FROM (
        SELECT DISTINCT o.id AS order_id, o.workspace_id, o.placed_at, p.category
        FROM customer_order o
        JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = o.workspace_id
        JOIN product p ON p.id = oi.product_id AND p.workspace_id = o.workspace_id
        WHERE o.customer_id = a.customer_id AND order_status_counts(o.status) AND p.category IS NOT NULL
      ) x
      GROUP BY x.category
    ) f
  ), stale AS (
    SELECT t.customer_id, t.category
    FROM affected a
    CROSS JOIN LATERAL (SELECT customer_id, category FROM customer_category_timeline WHERE customer_id = a.customer_id OFFSET 0) t
    WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = t.customer_id AND f.category = t.category)
  ), upserted AS (
    INSERT INTO customer_category_timeline AS t (customer_id, category, workspace_id, placed_at)
    SELECT customer_id, category, workspace_id, placed_at FROM fresh
    ON CONFLICT (customer_id, category) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, placed_at = EXCLUDED.placed_at
    WHERE (t.workspace_id, t.placed_at) IS DISTINCT FROM (EXCLUDED.workspace_id, EXCLUDED.placed_at)
  )
  DELETE FROM customer_category_timeline t USING stale s
  WHERE t.customer_id = s.customer_id AND t.category = s.category;
END $$;

-- Order timelines change by deltas: every counted order a statement adds,
-- removes or changes is one (+1) or (-1) of a (placed_at, cents) element of
-- its customer's multiset, applied to the row read under the lock. Nothing
-- re-reads the customers' other orders (re-reading cost a 100k-order CSV
-- import a third of its speed), and deltas commute, so the UPDATE and INSERT
-- triggers of one INSERT ... ON CONFLICT DO UPDATE apply in either order.
CREATE FUNCTION "apply_order_timeline_deltas"(d_customer bigint[], d_workspace integer[], d_placed_at timestamptz[], d_cents bigint[], d_sign integer[])
RETURNS void LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
  IF d_customer IS NULL OR cardinality(d_customer) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(d_customer);
  WITH d AS (
    SELECT * FROM unnest(d_customer, d_workspace, d_placed_at, d_cents, d_sign) AS d(customer_id, workspace_id, placed_at, cents, sign)
  ), affected AS (
    SELECT customer_id, min(workspace_id) AS workspace_id FROM d GROUP BY customer_id
  ), elements AS (
    SELECT d.customer_id, d.placed_at, d.cents, d.sign FROM d
    UNION ALL
    SELECT a.customer_id, t.placed_at[i], t.revenue_cents[i + 1] - t.revenue_cents[i], 1
    FROM affected a
    CROSS JOIN LATERAL (SELECT placed_at, revenue_cents FROM customer_order_timeline WHERE customer_id = a.customer_id OFFSET 0) t
    CROSS JOIN LATERAL generate_subscripts(t.placed_at, 1) AS i
  ), kept AS (
    SELECT e.customer_id, e.placed_at, e.cents
    FROM (SELECT customer_id, placed_at, cents, sum(sign) AS n FROM elements GROUP BY customer_id, placed_at, cents) e
    CROSS JOIN LATERAL generate_series(1, e.n)
  ), fresh AS (
    SELECT k.customer_id, array_agg(k.placed_at ORDER BY k.placed_at, k.cents) AS placed_at,
           array_prepend(0::bigint, array_agg(k.running ORDER BY k.placed_at, k.cents)) AS revenue_cents
    FROM (SELECT kept.*, sum(kept.cents) OVER (PARTITION BY kept.customer_id ORDER BY kept.placed_at, kept.cents ROWS UNBOUNDED PRECEDING) AS running FROM kept) k
    GROUP BY k.customer_id
  ), upserted AS (
    INSERT INTO customer_order_timeline AS t (customer_id, workspace_id, placed_at, revenue_cents)
    SELECT f.customer_id, a.workspace_id, f.placed_at, f.revenue_cents FROM fresh f JOIN affected a ON a.customer_id = f.customer_id
    ON CONFLICT (customer_id) DO UPDATE SET placed_at = EXCLUDED.placed_at, revenue_cents = EXCLUDED.revenue_cents
    WHERE (t.placed_at, t.revenue_cents) IS DISTINCT FROM (EXCLUDED.placed_at, EXCLUDED.revenue_cents)
  )
  DELETE FROM customer_order_timeline
  WHERE customer_id = ANY(ARRAY(SELECT a.customer_id FROM affected a WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = a.customer_id)));
END $$;

-- A new order has no lines yet (they reference it), so inserts leave the
-- category timelines as they are; changes and deletes refresh them.
CREATE FUNCTION "customer_order_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; p timestamptz[]; v bigint[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(placed_at), array_agg((total * 100)::bigint), array_agg(1)
  INTO c, w, p, v, s
  FROM new_rows WHERE order_status_counts(status);
  PERFORM apply_order_timeline_deltas(c, w, p, v, s);
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_order_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
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
  PERFORM refresh_category_timelines(ARRAY(
    SELECT unnest(ARRAY[o.customer_id, n.customer_id])
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.customer_id, o.workspace_id, o.placed_at, o.status) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.placed_at, n.status)
    GROUP BY 1));
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_order_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; p timestamptz[]; v bigint[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(placed_at), array_agg((total * 100)::bigint), array_agg(-1)
  INTO c, w, p, v, s
  FROM old_rows WHERE order_status_counts(status);
  PERFORM apply_order_timeline_deltas(c, w, p, v, s);
  PERFORM refresh_category_timelines(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "customer_order_timeline_insert" AFTER INSERT ON "customer_order"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_inserted();
CREATE TRIGGER "customer_order_timeline_update" AFTER UPDATE ON "customer_order"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_updated();
CREATE TRIGGER "customer_order_timeline_delete" AFTER DELETE ON "customer_order"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_order_deleted();

-- Order lines: the customers of the orders they belong to (before and after).
-- Lines meet two writers that lock other customers than theirs: an order
-- moving to another customer and a product changing category. Share-locking
-- the lines' orders and products first makes each wait for (or hold off) the
-- other; the customers are read after, with a fresh snapshot.
CREATE FUNCTION "refresh_line_timelines"(order_ids bigint[], product_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customer_order o JOIN (SELECT DISTINCT id FROM unnest(order_ids) AS u(id)) a ON o.id = a.id ORDER BY o.id FOR SHARE OF o;
  PERFORM 1 FROM product p JOIN (SELECT DISTINCT id FROM unnest(product_ids) AS u(id)) a ON p.id = a.id ORDER BY p.id FOR SHARE OF p;
  PERFORM refresh_category_timelines(ARRAY(
    SELECT DISTINCT o.customer_id FROM customer_order o JOIN (SELECT DISTINCT id FROM unnest(order_ids) AS u(id)) a ON o.id = a.id));
END $$;
CREATE FUNCTION "order_item_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_line_timelines(ARRAY(SELECT order_id FROM new_rows), ARRAY(SELECT product_id FROM new_rows WHERE product_id IS NOT NULL));
  RETURN NULL;
END $$;
CREATE FUNCTION "order_item_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_line_timelines(
    ARRAY(SELECT unnest(ARRAY[ol.order_id, n.order_id]) FROM old_rows ol JOIN new_rows n ON n.id = ol.id
          WHERE (ol.order_id, ol.product_id, ol.workspace_id) IS DISTINCT FROM (n.order_id, n.product_id, n.workspace_id)),
    ARRAY(SELECT p FROM old_rows ol JOIN new_rows n ON n.id = ol.id CROSS JOIN LATERAL unnest(ARRAY[ol.product_id, n.product_id]) AS p
          WHERE (ol.order_id, ol.product_id, ol.workspace_id) IS DISTINCT FROM (n.order_id, n.product_id, n.workspace_id) AND p IS NOT NULL));
  RETURN NULL;
END $$;
CREATE FUNCTION "order_item_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Lines deleted with their order find no order: the order's own trigger refreshes its customer.
  PERFORM refresh_line_timelines(ARRAY(SELECT order_id FROM old_rows), ARRAY(SELECT product_id FROM old_rows WHERE product_id IS NOT NULL));
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
-- Event timelines change by deltas too (events are written far more often
-- than orders, and a customer's history can be long: nothing re-reads it).
CREATE FUNCTION "apply_event_timeline_deltas"(d_customer bigint[], d_workspace integer[], d_type text[], d_occurred_at timestamptz[], d_sign integer[])
RETURNS void LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
  IF d_customer IS NULL OR cardinality(d_customer) = 0 THEN RETURN; END IF;
  PERFORM lock_customers_for_timeline(d_customer);
  WITH d AS (
    SELECT * FROM unnest(d_customer, d_workspace, d_type, d_occurred_at, d_sign) AS d(customer_id, workspace_id, type, occurred_at, sign)
  ), affected AS (
    SELECT customer_id, type, min(workspace_id) AS workspace_id FROM d GROUP BY customer_id, type
  ), elements AS (
    SELECT d.customer_id, d.type, d.occurred_at, d.sign FROM d
    UNION ALL
    SELECT a.customer_id, a.type, x.occurred_at, 1
    FROM affected a
    CROSS JOIN LATERAL (SELECT occurred_at FROM customer_event_timeline WHERE customer_id = a.customer_id AND type = a.type OFFSET 0) t
    CROSS JOIN LATERAL unnest(t.occurred_at) AS x(occurred_at)
  ), kept AS (
    SELECT e.customer_id, e.type, e.occurred_at
    FROM (SELECT customer_id, type, occurred_at, sum(sign) AS n FROM elements GROUP BY customer_id, type, occurred_at) e
    CROSS JOIN LATERAL generate_series(1, e.n)
  ), fresh AS (
    SELECT customer_id, type, array_agg(occurred_at ORDER BY occurred_at) AS occurred_at FROM kept GROUP BY customer_id, type
  ), upserted AS (
    INSERT INTO customer_event_timeline AS t (customer_id, type, workspace_id, occurred_at)
    SELECT f.customer_id, f.type, a.workspace_id, f.occurred_at FROM fresh f JOIN affected a ON a.customer_id = f.customer_id AND a.type = f.type
    ON CONFLICT (customer_id, type) DO UPDATE SET occurred_at = EXCLUDED.occurred_at
    WHERE t.occurred_at IS DISTINCT FROM EXCLUDED.occurred_at
  )
  DELETE FROM customer_event_timeline
  WHERE customer_id = ANY(ARRAY(SELECT a.customer_id FROM affected a WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = a.customer_id AND f.type = a.type)))
    AND (customer_id, type) IN (SELECT a.customer_id, a.type FROM affected a WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = a.customer_id AND f.type = a.type));
END $$;

CREATE FUNCTION "event_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; t text[]; o timestamptz[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(type), array_agg(occurred_at), array_agg(1) INTO c, w, t, o, s FROM new_rows;
  PERFORM apply_event_timeline_deltas(c, w, t, o, s);
  RETURN NULL;
END $$;
CREATE FUNCTION "event_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; t text[]; o timestamptz[]; s integer[];
BEGIN
  WITH changed AS (
    SELECT ol.customer_id AS old_customer, ol.workspace_id AS old_workspace, ol.type AS old_type, ol.occurred_at AS old_occurred_at,
           n.customer_id, n.workspace_id, n.type, n.occurred_at
    FROM old_rows ol JOIN new_rows n ON n.id = ol.id
    WHERE (ol.customer_id, ol.workspace_id, ol.type, ol.occurred_at) IS DISTINCT FROM (n.customer_id, n.workspace_id, n.type, n.occurred_at)
  ), deltas AS (
    SELECT old_customer AS customer_id, old_workspace AS workspace_id, old_type AS type, old_occurred_at AS occurred_at, -1 AS sign FROM changed
    UNION ALL
    SELECT customer_id, workspace_id, type, occurred_at, 1 FROM changed
  )
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(type), array_agg(occurred_at), array_agg(sign) INTO c, w, t, o, s FROM deltas;
  PERFORM apply_event_timeline_deltas(c, w, t, o, s);
  RETURN NULL;
END $$;
CREATE FUNCTION "event_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; t text[]; o timestamptz[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(type), array_agg(occurred_at), array_agg(-1) INTO c, w, t, o, s FROM old_rows;
  PERFORM apply_event_timeline_deltas(c, w, t, o, s);
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
  INSERT INTO customer_event_timeline (customer_id, type, workspace_id, occurred_at)
  SELECT e.customer_id, e.type, ws, array_agg(e.occurred_at ORDER BY e.occurred_at)
  FROM event e WHERE e.workspace_id = ws
  GROUP BY e.customer_id, e.type;
END $$;

SELECT rebuild_customer_timelines(id) FROM workspace;
