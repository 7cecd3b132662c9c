-- Dashboard aggregates: what the overview, RFM, LTV and customers pages read,
-- so a page view costs the same at 1M customers as at 1k (docs/dashboards.md).
--
-- Order facts are kept exact in the writing transaction, like the behaviour
-- timelines (and by the same statement-level triggers): every counted order a
-- statement adds, removes or changes is a delta, and each affected customer's
-- contribution is recomputed from its order timeline before and after the
-- delta. Contributions are differences, so they commute: the INSERT and
-- UPDATE triggers of one INSERT ... ON CONFLICT DO UPDATE, and two
-- transactions writing the same customer, add up to the same facts.
--
-- Days are calendar days in the workspace time zone.

-- One row per workspace and day with counted orders.
--   customers: distinct customers who ordered that day.
--   new_customers: customers whose first counted order fell on that day.
--   new_customer_orders / new_customer_revenue: orders placed on their
--   customer's first purchase day; the rest of the day's orders are returning
--   customers' orders.
CREATE TABLE "workspace_day_fact" (
    "workspace_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "new_customers" INTEGER NOT NULL DEFAULT 0,
    "new_customer_orders" INTEGER NOT NULL DEFAULT 0,
    "new_customer_revenue" DECIMAL(18,2) NOT NULL DEFAULT 0,
    CONSTRAINT "workspace_day_fact_pkey" PRIMARY KEY ("workspace_id", "day")
);
ALTER TABLE "workspace_day_fact" ADD CONSTRAINT "workspace_day_fact_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Distinct customers over any period, exactly. Each customer's purchase days
-- d1 < d2 < ... are links (d_k, d_{k-1}), the first with no previous day. A
-- customer bought in [a, b] exactly when one link has a <= day <= b and
-- previous day < a (the first purchase day in the period), so the count is a
-- sum over links. Links are kept at two grains so that sum reads few rows:
-- by the week of the previous day (weeks wholly before a's week are all
-- before a) and by the previous day itself (only for a's own week).
-- previous_week = '-infinity' marks a customer's first purchase day.
CREATE TABLE "purchase_link_week" (
    "workspace_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "previous_week" DATE NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "purchase_link_week_pkey" PRIMARY KEY ("workspace_id", "day", "previous_week")
);
ALTER TABLE "purchase_link_week" ADD CONSTRAINT "purchase_link_week_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "purchase_link_day" (
    "workspace_id" INTEGER NOT NULL,
    "previous_day" DATE NOT NULL,
    "day" DATE NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "purchase_link_day_pkey" PRIMARY KEY ("workspace_id", "previous_day", "day")
);
ALTER TABLE "purchase_link_day" ADD CONSTRAINT "purchase_link_day_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Customers per workspace, kept by triggers on customer, so no page counts 1M rows.
CREATE TABLE "workspace_customer_count" (
    "workspace_id" INTEGER NOT NULL,
    "customers" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "workspace_customer_count_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "workspace_customer_count" ADD CONSTRAINT "workspace_customer_count_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the RFM and LTV pages show of one analytics run, written once in the
-- run's publishing transaction (lib/analytics/dashboard/run-aggregates-sql.ts).
CREATE TABLE "analytics_run_aggregate" (
    "run_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analytics_run_aggregate_pkey" PRIMARY KEY ("run_id")
);
CREATE INDEX "analytics_run_aggregate_workspace_id_idx" ON "analytics_run_aggregate"("workspace_id");
ALTER TABLE "analytics_run_aggregate" ADD CONSTRAINT "analytics_run_aggregate_run_id_fkey"
  FOREIGN KEY ("run_id") REFERENCES "analytics_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Order deltas of one statement (as apply_order_timeline_deltas takes them)
-- applied to the order facts. The customers are locked and their order
-- timelines already hold the statement's result: "after" is each customer's
-- timeline, "before" is the timeline with the statement's deltas taken back.
-- Each customer's facts are computed for both states and the difference is
-- added; fact rows whose difference is zero are not touched. Rows are written
-- in key order, so concurrent writers lock shared day rows in the same order.
CREATE FUNCTION "apply_order_fact_deltas"(d_customer bigint[], d_workspace integer[], d_placed_at timestamptz[], d_cents bigint[], d_sign integer[])
RETURNS void LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
  IF d_customer IS NULL OR cardinality(d_customer) = 0 THEN RETURN; END IF;
  WITH d AS (
    SELECT * FROM unnest(d_customer, d_workspace, d_placed_at, d_cents, d_sign) AS d(customer_id, workspace_id, placed_at, cents, sign)
  ), affected AS (
    SELECT a.customer_id, a.workspace_id, w.timezone
    FROM (SELECT customer_id, min(workspace_id) AS workspace_id FROM d GROUP BY customer_id) a
    JOIN workspace w ON w.id = a.workspace_id
  ), after_orders AS (
    SELECT a.customer_id, t.placed_at[i] AS placed_at, t.revenue_cents[i + 1] - t.revenue_cents[i] AS cents
    FROM affected a
    CROSS JOIN LATERAL (SELECT placed_at, revenue_cents FROM customer_order_timeline WHERE customer_id = a.customer_id OFFSET 0) t
    CROSS JOIN LATERAL generate_subscripts(t.placed_at, 1) AS i
  ), states AS (
    SELECT customer_id, 1 AS state, placed_at, cents, 1 AS n FROM after_orders
    UNION ALL
    SELECT customer_id, 0, placed_at, cents, 1 FROM after_orders
    UNION ALL
    SELECT customer_id, 0, placed_at, cents, -sign FROM d
  ), per_day AS (
    SELECT s.customer_id, s.state, a.workspace_id, (s.placed_at AT TIME ZONE a.timezone)::date AS day,
           sum(s.n) AS orders, sum(s.n * s.cents) AS cents
    FROM (SELECT customer_id, state, placed_at, cents, sum(n) AS n FROM states GROUP BY 1, 2, 3, 4 HAVING sum(n) > 0) s
    JOIN affected a ON a.customer_id = s.customer_id
    GROUP BY s.customer_id, s.state, a.workspace_id, 4
  ), delta AS (
    SELECT workspace_id, day, lag(day) OVER (PARTITION BY customer_id, state ORDER BY day) AS previous_day,
           CASE state WHEN 1 THEN 1 ELSE -1 END AS sign, orders, cents
    FROM per_day
  ), day_facts AS (
    INSERT INTO workspace_day_fact AS f (workspace_id, day, orders, revenue, customers, new_customers, new_customer_orders, new_customer_revenue)
    SELECT workspace_id, day, o, c / 100.0, n, nn, no, nc / 100.0
    FROM (
      SELECT workspace_id, day, sum(sign * orders) AS o, sum(sign * cents) AS c, sum(sign) AS n,
             coalesce(sum(sign) FILTER (WHERE previous_day IS NULL), 0) AS nn,
             coalesce(sum(sign * orders) FILTER (WHERE previous_day IS NULL), 0) AS no,
             coalesce(sum(sign * cents) FILTER (WHERE previous_day IS NULL), 0) AS nc
      FROM delta GROUP BY workspace_id, day
    ) g
    WHERE (o, c, n, nn, no, nc) IS DISTINCT FROM (0, 0, 0, 0, 0, 0)
    ORDER BY workspace_id, day
    ON CONFLICT (workspace_id, day) DO UPDATE SET
      orders = f.orders + EXCLUDED.orders,
      revenue = f.revenue + EXCLUDED.revenue,
      customers = f.customers + EXCLUDED.customers,
      new_customers = f.new_customers + EXCLUDED.new_customers,
      new_customer_orders = f.new_customer_orders + EXCLUDED.new_customer_orders,
      new_customer_revenue = f.new_customer_revenue + EXCLUDED.new_customer_revenue
  ), week_links AS (
    INSERT INTO purchase_link_week AS l (workspace_id, day, previous_week, customers)
    SELECT workspace_id, day, coalesce(date_trunc('week', previous_day::timestamp)::date, '-infinity'::date), sum(sign)
    FROM delta GROUP BY 1, 2, 3 HAVING sum(sign) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (workspace_id, day, previous_week) DO UPDATE SET customers = l.customers + EXCLUDED.customers
  )
  INSERT INTO purchase_link_day AS l (workspace_id, previous_day, day, customers)
  SELECT workspace_id, previous_day, day, sum(sign)
  FROM delta WHERE previous_day IS NOT NULL
  GROUP BY 1, 2, 3 HAVING sum(sign) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT (workspace_id, previous_day, day) DO UPDATE SET customers = l.customers + EXCLUDED.customers;
END $$;

-- The order triggers apply each statement's deltas to the timelines and then
-- to the facts (same deltas, same lock, same transaction).
CREATE OR REPLACE FUNCTION "customer_order_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c bigint[]; w integer[]; p timestamptz[]; v bigint[]; s integer[];
BEGIN
  SELECT array_agg(customer_id), array_agg(workspace_id), array_agg(placed_at), array_agg((total * 100)::bigint), array_agg(1)
  INTO c, w, p, v, s
  FROM new_rows WHERE order_status_counts(status);
  PERFORM apply_order_timeline_deltas(c, w, p, v, s);
  PERFORM apply_order_fact_deltas(c, w, p, v, s);
  RETURN NULL;
END $$;
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
  PERFORM refresh_category_timelines(ARRAY(
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
  PERFORM refresh_category_timelines(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;

-- Customer counts: one row update per statement and workspace.
CREATE FUNCTION "add_customer_counts"(ws integer[], delta bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO workspace_customer_count AS c (workspace_id, customers)
  SELECT w, sum(n) FROM unnest(ws, delta) AS u(w, n) GROUP BY w HAVING sum(n) <> 0 ORDER BY w
  ON CONFLICT (workspace_id) DO UPDATE SET customers = c.customers + EXCLUDED.customers;
END $$;
CREATE FUNCTION "customer_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_customer_counts(ARRAY(SELECT workspace_id FROM new_rows), ARRAY(SELECT 1::bigint FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_customer_counts(ARRAY(SELECT workspace_id FROM old_rows), ARRAY(SELECT -1::bigint FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION "customer_count_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  w integer[]; d bigint[];
BEGIN
  SELECT array_agg(x.w), array_agg(x.d) INTO w, d
  FROM old_rows o JOIN new_rows n ON n.id = o.id
  CROSS JOIN LATERAL (VALUES (o.workspace_id, -1::bigint), (n.workspace_id, 1::bigint)) AS x(w, d)
  WHERE o.workspace_id <> n.workspace_id;
  IF w IS NOT NULL THEN PERFORM add_customer_counts(w, d); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "customer_count_insert" AFTER INSERT ON "customer"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_count_inserted();
CREATE TRIGGER "customer_count_update" AFTER UPDATE ON "customer"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_count_updated();
CREATE TRIGGER "customer_count_delete" AFTER DELETE ON "customer"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_count_deleted();

-- Whole-workspace rebuild, set-based: bulk loads that bypass triggers call it
-- before they commit (after rebuild_customer_timelines), a time zone change
-- calls it, and this migration uses it for the data already there.
CREATE FUNCTION "rebuild_dashboard_facts"(ws integer) RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
DECLARE
  zone text := (SELECT timezone FROM workspace WHERE id = ws);
BEGIN
  DELETE FROM workspace_day_fact WHERE workspace_id = ws;
  DELETE FROM purchase_link_week WHERE workspace_id = ws;
  DELETE FROM purchase_link_day WHERE workspace_id = ws;
  DELETE FROM workspace_customer_count WHERE workspace_id = ws;
  INSERT INTO workspace_customer_count (workspace_id, customers) SELECT ws, count(*) FROM customer WHERE workspace_id = ws;
  CREATE TEMP TABLE rebuild_purchase_day ON COMMIT DROP AS
  SELECT day, lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS previous_day, orders, cents
  FROM (
    SELECT t.customer_id, (t.placed_at[i] AT TIME ZONE zone)::date AS day, count(*) AS orders,
           sum(t.revenue_cents[i + 1] - t.revenue_cents[i]) AS cents
    FROM customer_order_timeline t CROSS JOIN LATERAL generate_subscripts(t.placed_at, 1) AS i
    WHERE t.workspace_id = ws
    GROUP BY t.customer_id, 2
  ) d;
  INSERT INTO workspace_day_fact (workspace_id, day, orders, revenue, customers, new_customers, new_customer_orders, new_customer_revenue)
  SELECT ws, day, sum(orders), sum(cents) / 100.0, count(*), count(*) FILTER (WHERE previous_day IS NULL),
         coalesce(sum(orders) FILTER (WHERE previous_day IS NULL), 0), coalesce(sum(cents) FILTER (WHERE previous_day IS NULL), 0) / 100.0
  FROM rebuild_purchase_day GROUP BY day ORDER BY day;
  INSERT INTO purchase_link_week (workspace_id, day, previous_week, customers)
  SELECT ws, day, coalesce(date_trunc('week', previous_day::timestamp)::date, '-infinity'::date), count(*)
  FROM rebuild_purchase_day GROUP BY 2, 3 ORDER BY 2, 3;
  INSERT INTO purchase_link_day (workspace_id, previous_day, day, customers)
  SELECT ws, previous_day, day, count(*) FROM rebuild_purchase_day WHERE previous_day IS NOT NULL GROUP BY 2, 3 ORDER BY 2, 3;
  DROP TABLE rebuild_purchase_day;
END $$;

-- Days are the workspace's calendar days: a new time zone moves every order's day.
CREATE FUNCTION "workspace_timezone_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_dashboard_facts(n.id) FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.timezone IS DISTINCT FROM n.timezone;
  RETURN NULL;
END $$;
CREATE TRIGGER "workspace_timezone_update" AFTER UPDATE ON "workspace"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workspace_timezone_changed();

SELECT rebuild_dashboard_facts(id) FROM workspace;
