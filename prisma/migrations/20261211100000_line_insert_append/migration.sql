-- Order lines inserted append to their buyers' purchase timelines instead of
-- rewriting them. Until now the INSERT trigger on order_item called
-- refresh_purchase_timelines for every buyer of the lines' orders, which
-- re-reads each buyer's orders, all their lines and products, and recomputes
-- all their category and product timeline rows, although an insert only adds
-- lines. Now it works out which (order, product) and (order, category) pairs
-- the statement's lines make new and adds those orders' times to the
-- matching rows; nothing else of the buyer is read. UPDATE and DELETE of
-- lines keep the full refresh (refresh_line_timelines, unchanged).
--
-- A pair is new when every line of the order that holds it is one of the
-- statement's inserted rows: the order held no line of the product (of the
-- category) before the statement, so its time is not in the row yet. Counting
-- decides it: the order's lines with the pair now (each order's lines read
-- through its index) against the inserted rows with the pair. "Holding" is
-- what refresh_purchase_timelines reads: a counted order, a line of the
-- order's own workspace, for a category a product of that workspace with a
-- category.
--
-- Concurrency (READ COMMITTED, as every writer runs). The trigger takes the
-- same locks as before, in the same order: FOR SHARE on the lines' orders
-- (reading their customers as locked), then on their products, then
-- lock_customers_for_timeline on those customers; the counting statement
-- runs after all three with a fresh snapshot of its own. Every
-- trigger that writes a customer's purchase timelines holds that customer's
-- lock until its transaction ends, so under the lock the rows agree with
-- everything committed plus this transaction's earlier statements; what the
-- count sees is exactly that plus this statement's lines. So:
-- - Two transactions adding lines of one order with the same product (or
--   with products of one category): the second to take the customer lock
--   waits until the first commits, then counts the first one's lines too,
--   finds the pair not new and adds nothing; the first found it new and
--   added the time once. If the first rolls back, its lines and its append
--   go together, and the second finds the pair new.
-- - A line added while its product changes category: FOR SHARE on the
--   product waits for an uncommitted category change to commit (then the
--   count reads the new category, whose refresh did not see this line), or
--   holds the change off until this transaction ends (then the product
--   trigger's refresh sees this line). Another product of the order changing
--   category (not locked here) is a change the product trigger makes under
--   this customer's lock, its buyers being read from committed lines: the two
--   take turns on the customer and each reads the other's committed result.
-- - A line added while its order moves to another customer (or changes time
--   or status): FOR SHARE on the order waits for the move to commit, and the
--   customer, time and status are read after it; or the move waits for this
--   transaction, and the order trigger's refresh then sees the line.
-- - One statement that also changes or deletes lines: an INSERT ... ON
--   CONFLICT DO UPDATE moving a line to another order or product (Postgres
--   fires its UPDATE trigger first), or a writable CTE deleting lines. The
--   other trigger's full refresh of the buyer may already hold this
--   statement's new lines, or the row may still hold an order whose lines
--   the statement moved away. So a merged time that the row already holds is
--   not added but recounted: purchase_times_at gives the row's elements at
--   those instants from the source rows. Otherwise the row cannot hold a new
--   pair's order (it would have held the pair before), so an instant already
--   there is another order placed at the same time, and the recount keeps
--   both. A pair that is not new needs nothing: a line the statement did not
--   insert holds it, so the row held the order already (or, for a line the
--   statement moved there, the refresh did). Exact in either firing order.
--   (Taking a pair that is not new for new would come out exact too: its row
--   holds the instant, so it is recounted. The count spares such rows the
--   recount and the rewrite.)

-- Two sorted time arrays as one (equal times need no order: the arrays hold
-- times only).
CREATE FUNCTION "merge_sorted_times"(a timestamptz[], b timestamptz[]) RETURNS timestamptz[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ARRAY(SELECT x FROM unnest(a || b) AS x ORDER BY x) $$;

-- A purchase timeline row with its elements at the instants `at` counted
-- again from the source rows: the customer's counted orders placed at one of
-- them holding the product (category IS NULL) or the category. Reached only
-- when a merge finds the row already holding one of the instants.
CREATE FUNCTION "purchase_times_at"(existing timestamptz[], at timestamptz[], c bigint, p integer, cat text) RETURNS timestamptz[]
  LANGUAGE sql STABLE AS $$
  SELECT ARRAY(
    SELECT s.x FROM (
      SELECT x FROM unnest(existing) AS x WHERE x <> ALL(at)
      UNION ALL
      SELECT o.placed_at FROM customer_order o
      WHERE o.customer_id = c AND o.placed_at = ANY(at) AND order_status_counts(o.status)
        AND EXISTS (
          SELECT 1 FROM order_item oi
          WHERE oi.order_id = o.id AND oi.workspace_id = o.workspace_id
            AND CASE WHEN cat IS NULL THEN oi.product_id = p
                     ELSE EXISTS (SELECT 1 FROM product pr WHERE pr.id = oi.product_id AND pr.workspace_id = o.workspace_id AND pr.category = cat) END)
    ) s ORDER BY s.x)
$$;

CREATE OR REPLACE FUNCTION "order_item_inserted"() RETURNS trigger LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
DECLARE
  buyers bigint[];
BEGIN
  -- The locks refresh_line_timelines takes, in its order. A locking read
  -- returns the row as it is once locked (a concurrent change it waited for
  -- included), so the orders' customers come with their locks.
  buyers := ARRAY(SELECT o.customer_id FROM customer_order o JOIN (SELECT DISTINCT order_id AS id FROM new_rows) a ON o.id = a.id ORDER BY o.id FOR SHARE OF o);
  PERFORM 1 FROM product p JOIN (SELECT DISTINCT product_id AS id FROM new_rows WHERE product_id IS NOT NULL) a ON p.id = a.id ORDER BY p.id FOR SHARE OF p;
  PERFORM lock_customers_for_timeline(buyers);
  WITH orders AS MATERIALIZED (
    -- The lines' counted orders, each read once through its key.
    SELECT o.id, o.customer_id, o.workspace_id, o.placed_at
    FROM (SELECT DISTINCT order_id FROM new_rows WHERE product_id IS NOT NULL) a
    CROSS JOIN LATERAL (SELECT id, customer_id, workspace_id, placed_at FROM customer_order WHERE id = a.order_id AND order_status_counts(status) OFFSET 0) o
  ), inserted AS (
    -- This statement's lines per (order, product), of the order's workspace.
    SELECT n.order_id, n.product_id, count(*) AS lines
    FROM new_rows n JOIN orders o ON o.id = n.order_id AND o.workspace_id = n.workspace_id
    WHERE n.product_id IS NOT NULL
    GROUP BY n.order_id, n.product_id
  ), held AS (
    -- All of those orders' lines now per (order, product), this statement's included.
    SELECT o.id AS order_id, oi.product_id, count(*) AS lines
    FROM orders o
    CROSS JOIN LATERAL (SELECT product_id FROM order_item WHERE order_id = o.id AND workspace_id = o.workspace_id AND product_id IS NOT NULL OFFSET 0) oi
    GROUP BY o.id, oi.product_id
  ), pairs AS MATERIALIZED (
    SELECT o.customer_id, o.workspace_id, o.placed_at, h.order_id, h.product_id, p.category,
           h.lines AS lines_now, COALESCE(i.lines, 0) AS lines_added
    FROM held h
    JOIN orders o ON o.id = h.order_id
    LEFT JOIN inserted i ON i.order_id = h.order_id AND i.product_id = h.product_id
    LEFT JOIN LATERAL (SELECT category FROM product WHERE id = h.product_id AND workspace_id = o.workspace_id AND category IS NOT NULL OFFSET 0) p ON true
  ), new_product AS (
    -- Grouped per row first: ON CONFLICT cannot touch one row twice.
    SELECT customer_id, product_id, min(workspace_id) AS workspace_id, array_agg(placed_at ORDER BY placed_at) AS placed_at
    FROM pairs WHERE lines_added = lines_now
    GROUP BY customer_id, product_id
  ), new_category AS (
    SELECT x.customer_id, x.category, min(x.workspace_id) AS workspace_id, array_agg(x.placed_at ORDER BY x.placed_at) AS placed_at
    FROM (
      SELECT customer_id, workspace_id, placed_at, category
      FROM pairs WHERE category IS NOT NULL
      GROUP BY customer_id, workspace_id, placed_at, order_id, category
      HAVING sum(lines_added) = sum(lines_now)
    ) x
    GROUP BY x.customer_id, x.category
  ), appended_category AS (
    INSERT INTO customer_category_timeline AS t (customer_id, category, workspace_id, placed_at)
    SELECT customer_id, category, workspace_id, placed_at FROM new_category
    ON CONFLICT (customer_id, category) DO UPDATE SET
      workspace_id = least(t.workspace_id, EXCLUDED.workspace_id),
      placed_at = CASE WHEN t.placed_at && EXCLUDED.placed_at
                       THEN purchase_times_at(t.placed_at, EXCLUDED.placed_at, t.customer_id, NULL, t.category)
                       ELSE merge_sorted_times(t.placed_at, EXCLUDED.placed_at) END
  )
  INSERT INTO customer_product_timeline AS t (customer_id, product_id, workspace_id, placed_at)
  SELECT customer_id, product_id, workspace_id, placed_at FROM new_product
  ON CONFLICT (customer_id, product_id) DO UPDATE SET
    workspace_id = least(t.workspace_id, EXCLUDED.workspace_id),
    placed_at = CASE WHEN t.placed_at && EXCLUDED.placed_at
                     THEN purchase_times_at(t.placed_at, EXCLUDED.placed_at, t.customer_id, t.product_id, NULL)
                     ELSE merge_sorted_times(t.placed_at, EXCLUDED.placed_at) END;
  RETURN NULL;
END $$;
