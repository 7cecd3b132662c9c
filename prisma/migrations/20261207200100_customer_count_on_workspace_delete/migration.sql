-- Deleting a workspace deletes its customers through the cascade, after the
-- workspace row is gone: their count must not be written back for a
-- workspace that no longer exists (the foreign key refused it, and with it
-- the workspace's deletion). Only existing workspaces get counts.
CREATE OR REPLACE FUNCTION "add_customer_counts"(ws integer[], delta bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO workspace_customer_count AS c (workspace_id, customers)
  SELECT d.w, d.n
  FROM (SELECT w, sum(n) AS n FROM unnest(ws, delta) AS u(w, n) GROUP BY w HAVING sum(n) <> 0) d
  JOIN workspace ON workspace.id = d.w
  ORDER BY d.w
  ON CONFLICT (workspace_id) DO UPDATE SET customers = c.customers + EXCLUDED.customers;
END $$;
