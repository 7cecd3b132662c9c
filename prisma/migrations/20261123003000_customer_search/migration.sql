-- Customer search: one trigram index over the fields people type into the
-- search box (email, name, external id), so "contains" search stays fast at
-- millions of customers. Expression indexes are not expressible in
-- schema.prisma; lib/customers/search-expression.ts holds the same expression.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "customer_search_trgm_idx" ON "customer" USING GIN (
    (lower(coalesce("email", '') || ' ' || coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || "external_id")) gin_trgm_ops
);
