-- Every campaign is an experiment (docs/experiments.md): a control arm held
-- out at random, optional A/B/n variants of the treatment, a workspace-wide
-- global control group, and per-arm outcome sums kept by a worker.

CREATE TYPE "CampaignArm" AS ENUM ('control', 'treatment');
-- held_out: a control customer's message, recorded at the moment it would
-- have been sent (same claim, same quiet hours and deferral), never sent.
-- Added here and first used by later statements (a new enum value cannot be
-- used in the transaction that adds it).
ALTER TYPE "MessageStatus" ADD VALUE 'held_out';

-- The bucket 0..9999 of a customer for a salt: the first 32 bits of
-- md5(salt || ':' || customer id) modulo 10000. Plain md5 so any language
-- can recompute it (lib/campaigns/experiments/bucket.ts does, and its test
-- compares the two); the modulo bias is below 3 in a million.
CREATE FUNCTION valueloop_bucket(salt TEXT, customer_id BIGINT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (('x' || substr(md5(salt || ':' || customer_id::text), 1, 8))::bit(32)::bigint % 10000)::int
$$;

ALTER TABLE "campaign"
  -- Share of the eligible audience held out as the control arm (0 = nothing measurable).
  ADD COLUMN "control_percent" SMALLINT NOT NULL DEFAULT 10 CHECK ("control_percent" BETWEEN 0 AND 90),
  -- Random at creation and never changed: a customer's arm depends on it alone.
  ADD COLUMN "salt" TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
  -- Orders in [exposure, exposure + days) are this campaign's outcome.
  ADD COLUMN "attribution_days" SMALLINT NOT NULL DEFAULT 7 CHECK ("attribution_days" BETWEEN 1 AND 90),
  -- For ROI: what one message costs (workspace currency) and the gross margin on revenue.
  ADD COLUMN "cost_per_message" NUMERIC(12, 4) NOT NULL DEFAULT 0 CHECK ("cost_per_message" >= 0),
  ADD COLUMN "gross_margin_percent" NUMERIC(5, 2) CHECK ("gross_margin_percent" BETWEEN 0 AND 100),
  -- Transactional campaigns reach the global control group too.
  ADD COLUMN "exempt_from_global_control" BOOLEAN NOT NULL DEFAULT false;
-- Campaigns launched before experiments keep sending to everyone: a customer
-- they already reached must never turn up in a control group later.
UPDATE "campaign" SET "control_percent" = 0, "exempt_from_global_control" = true WHERE "launched_at" IS NOT NULL;

-- A/B/n variants of the treatment: what differs from the campaign (content,
-- whose channel may differ, and a send-time offset) and the split weight.
CREATE TABLE "campaign_variant" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" SMALLINT NOT NULL,
    -- Percent of the treatment arm; a campaign's weights sum to 100.
    "weight" SMALLINT NOT NULL CHECK ("weight" BETWEEN 1 AND 100),
    -- The template as campaign.content stores it; NULL sends the campaign's own.
    "content" JSONB,
    "send_offset_minutes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_variant_pkey" PRIMARY KEY ("campaign_id", "key")
);
ALTER TABLE "campaign_variant"
  ADD CONSTRAINT "campaign_variant_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The assignment ledger: a customer's arm in a campaign, written with the
-- first message row, before anything is queued, and never changed (the
-- trigger below refuses updates). What the customer was at assignment is
-- kept for uplift by segment and for CUPED.
CREATE TABLE "campaign_assignment" (
    "campaign_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "arm" "CampaignArm" NOT NULL,
    "variant_key" TEXT,
    -- The customer's first message of the campaign: its exposure time is theirs.
    "message_id" BIGINT NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rfm_segment" TEXT,
    "churn_band" TEXT,
    -- 1..10 by predicted 12-month CLV within the workspace at assignment.
    "clv_decile" SMALLINT,
    -- Revenue in the attribution-window-long period before assignment (CUPED's covariate).
    "pre_revenue" NUMERIC(14, 2) NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_assignment_pkey" PRIMARY KEY ("campaign_id", "customer_id")
);
ALTER TABLE "campaign_assignment"
  ADD CONSTRAINT "campaign_assignment_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "campaign_assignment_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION valueloop_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "campaign_assignment_append_only" BEFORE UPDATE ON "campaign_assignment"
  FOR EACH STATEMENT EXECUTE FUNCTION valueloop_refuse_update();

-- arm and variant of the customer's assignment; NULL for messages skipped at
-- planning (never assigned) and for those planned before experiments existed.
ALTER TABLE "message"
  ADD COLUMN "arm" "CampaignArm",
  ADD COLUMN "variant_key" TEXT,
  ADD COLUMN "held_out_at" TIMESTAMPTZ(3);

-- Campaign pages count the control arm's held-out messages apart from sends.
ALTER TABLE "campaign_stats" ADD COLUMN "held_out" INTEGER NOT NULL DEFAULT 0;

-- The workspace's experiment settings: the global control group's size.
CREATE TABLE "experiment_settings" (
    "workspace_id" INTEGER NOT NULL,
    -- Customers whose global bucket is below percent x 100 are held out of every campaign not exempt.
    "global_control_percent" SMALLINT NOT NULL DEFAULT 5 CHECK ("global_control_percent" BETWEEN 0 AND 50),
    -- When the percentage took its current value: membership rows opened for new customers start no earlier.
    "percent_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "members_reconciled_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "experiment_settings_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "experiment_settings"
  ADD CONSTRAINT "experiment_settings_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "experiment_settings_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Existing workspaces get the default group from now on.
INSERT INTO "experiment_settings" ("workspace_id") SELECT "id" FROM "workspace";

-- Who was in the global control group, from when to when (open rows: to_at NULL).
CREATE TABLE "global_control_member" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "from_at" TIMESTAMPTZ(3) NOT NULL,
    "to_at" TIMESTAMPTZ(3),

    CONSTRAINT "global_control_member_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "global_control_member_workspace_id_customer_id_idx" ON "global_control_member"("workspace_id", "customer_id");
-- At most one open membership per customer.
CREATE UNIQUE INDEX "global_control_member_open_key" ON "global_control_member"("workspace_id", "customer_id") WHERE "to_at" IS NULL;
ALTER TABLE "global_control_member"
  ADD CONSTRAINT "global_control_member_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "global_control_member_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per campaign x arm x variant (variant '' when none) x slice, the sufficient
-- statistics of revenue in the attribution window (y) and the pre-period
-- revenue (x), kept by the outcomes worker (lib/campaigns/results/refresh-arm-outcomes.ts).
-- slice_kind 'all' (slice_value ''), 'rfm_segment', 'churn_band', 'clv_decile'.
CREATE TABLE "campaign_arm_outcome" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "arm" "CampaignArm" NOT NULL,
    "variant_key" TEXT NOT NULL,
    "slice_kind" TEXT NOT NULL,
    "slice_value" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,
    "converters" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "sum_y" NUMERIC(40, 4) NOT NULL,
    "sum_y2" NUMERIC(40, 4) NOT NULL,
    "sum_x" NUMERIC(40, 4) NOT NULL,
    "sum_x2" NUMERIC(40, 4) NOT NULL,
    "sum_xy" NUMERIC(40, 4) NOT NULL,
    "unsubscribes" INTEGER NOT NULL,

    CONSTRAINT "campaign_arm_outcome_pkey" PRIMARY KEY ("campaign_id", "arm", "variant_key", "slice_kind", "slice_value")
);
ALTER TABLE "campaign_arm_outcome"
  ADD CONSTRAINT "campaign_arm_outcome_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per campaign x arm x variant x day (the order's day in the workspace's zone):
-- revenue, orders and first conversions in the window, for the cumulative chart.
CREATE TABLE "campaign_arm_daily" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "arm" "CampaignArm" NOT NULL,
    "variant_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "orders" INTEGER NOT NULL,
    "converters" INTEGER NOT NULL,
    "revenue" NUMERIC(16, 2) NOT NULL,

    CONSTRAINT "campaign_arm_daily_pkey" PRIMARY KEY ("campaign_id", "arm", "variant_key", "day")
);
ALTER TABLE "campaign_arm_daily"
  ADD CONSTRAINT "campaign_arm_daily_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- When a campaign's outcome rows were last recomputed, and until when they can still move.
CREATE TABLE "campaign_outcome_state" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,
    -- The latest exposure + window seen: after it (and the campaign finished) the rows are final.
    "window_ends_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaign_outcome_state_pkey" PRIMARY KEY ("campaign_id")
);
ALTER TABLE "campaign_outcome_state"
  ADD CONSTRAINT "campaign_outcome_state_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
