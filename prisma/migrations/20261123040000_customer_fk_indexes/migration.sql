-- Deleting a customer cascades to its orders and events; Postgres finds them
-- through an index on the referencing column alone (the workspace-leading
-- composite indexes cannot serve that lookup), so without these a single
-- customer deletion (e.g. a privacy request) scans every order.
CREATE INDEX "customer_order_customer_id_idx" ON "customer_order"("customer_id");
CREATE INDEX "event_customer_id_idx" ON "event"("customer_id");
