-- The suppression list pages (lib/campaigns/suppressions/): keyset pages and
-- address prefix search per channel, in byte order. The primary key orders
-- addresses by the database's collation, in which a prefix is not one
-- contiguous range (en_US ignores punctuation at first); COLLATE "C" makes it
-- one, whatever collation the database was created with.
-- schema.prisma cannot express a column collation in an index; it notes this one.
CREATE INDEX "suppression_address_search_idx" ON "suppression" ("workspace_id", "channel", "address" COLLATE "C");
