-- Which rules version each recorded segment size was counted with, so the
-- size history can draw each version as its own line: a jump at an edit is
-- the new rules, not customers moving. Sizes recorded before this migration
-- have no version (NULL: shown as "earlier rules").
ALTER TABLE "segment_size_history" ADD COLUMN "definition_version" INTEGER;
