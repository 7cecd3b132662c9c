-- API keys name what they may do (read, write, send), may expire, and carry
-- their own per-minute request limit.
--
-- Keys created before scopes existed could read and write everything; they
-- keep exactly that so no running integration breaks. The default is dropped
-- right after the backfill: every new key must choose its scopes.
ALTER TABLE "api_key"
  ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY['read', 'write']::TEXT[],
  ADD COLUMN "expires_at" TIMESTAMPTZ(3),
  ADD COLUMN "rate_limit_per_minute" INTEGER NOT NULL DEFAULT 600;
ALTER TABLE "api_key" ALTER COLUMN "scopes" DROP DEFAULT;

-- The application validates these too; the checks keep a hand-written INSERT
-- from creating a key with no scope, an unknown scope or a limit of zero.
ALTER TABLE "api_key"
  ADD CONSTRAINT "api_key_scopes_check"
    CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['read', 'write', 'send']::TEXT[]),
  ADD CONSTRAINT "api_key_rate_limit_per_minute_check" CHECK ("rate_limit_per_minute" > 0);
