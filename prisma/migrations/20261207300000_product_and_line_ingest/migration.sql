-- Products and order lines arrive through the CSV import and /api/v1, not only
-- from the demo generator (lib/ingest/README.md, "Products and order lines").

-- Two more import kinds.
ALTER TYPE "ImportKind" ADD VALUE 'PRODUCTS';
ALTER TYPE "ImportKind" ADD VALUE 'ORDER_LINES';

-- What a retailer's catalogue export carries. `category` stays the one value
-- segment rules and the category timelines read: the category path's levels
-- joined with " > " ("Apparel > Shoes"), so a one-level path reads as before.
ALTER TABLE "product"
  ADD COLUMN "brand" TEXT,
  ADD COLUMN "launch_date" DATE,
  ADD COLUMN "attributes" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- A line is known by its order, its product and its line number (1 unless the
-- sender numbers lines), so re-sending a line updates it instead of adding a
-- second one. The discount is the line's, in the order currency:
-- the line is worth quantity x unit_price - discount.
ALTER TABLE "order_item"
  ADD COLUMN "line_number" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "discount" DECIMAL(14,2) NOT NULL DEFAULT 0;

-- Lines loaded before this migration (the demo generator) may hold one product
-- twice in an order; they are numbered apart so the key below holds. Only
-- line_number changes, which the timeline triggers ignore.
UPDATE "order_item" oi SET "line_number" = d.rn
FROM (
  SELECT id, row_number() OVER (PARTITION BY order_id, product_id ORDER BY id) AS rn
  FROM "order_item"
  WHERE (order_id, product_id) IN (
    SELECT order_id, product_id FROM "order_item" WHERE product_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1)
) d
WHERE oi.id = d.id AND d.rn > 1;

CREATE UNIQUE INDEX "order_item_workspace_id_order_id_product_id_line_number_key"
  ON "order_item"("workspace_id", "order_id", "product_id", "line_number");
