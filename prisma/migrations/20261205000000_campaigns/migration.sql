-- Campaigns and their messages (lib/campaigns/). A message row is written and
-- decided (eligible, skipped and why, deferred until when) before anything is
-- queued; the worker claims it with a conditional UPDATE, sends, and records
-- the outcome. Postgres is the record of what went out; Redis only carries
-- the work, and a lost queue is rebuilt from these rows.
CREATE TYPE "CampaignKind" AS ENUM ('broadcast', 'recurring', 'triggered');
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'approved', 'scheduled', 'active', 'paused', 'completed', 'archived');
-- queued: eligible, waiting for a worker (not_before says from when: quiet
-- hours and retries defer it). sending: claimed by a worker until lease_until.
-- sent/failed/skipped are final (skipped: the contact policy said no, with reason).
CREATE TYPE "MessageStatus" AS ENUM ('queued', 'sending', 'sent', 'failed', 'skipped');
CREATE TYPE "SuppressionReason" AS ENUM ('hard_bounce', 'complaint', 'unsubscribe', 'manual', 'imported');

CREATE TABLE "campaign" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CampaignKind" NOT NULL,
    "channel" "ChannelKind" NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "segment_id" INTEGER,
    -- Template per channel (lib/campaigns/templates/template-content.ts).
    "content" JSONB NOT NULL,
    -- When and why it sends: lib/campaigns/campaign.schema.ts (schedule or trigger).
    "schedule" JSONB NOT NULL DEFAULT '{}',
    -- Per-campaign policy: priority, exempt from the frequency cap, expiry, re-eligibility.
    "policy" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    -- Triggered campaigns: the last segment_transition / event id already turned into an occurrence.
    "trigger_cursor" BIGINT,
    "created_by" TEXT,
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "launched_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "campaign_workspace_id_status_idx" ON "campaign"("workspace_id", "status");
CREATE INDEX "campaign_workspace_id_updated_at_idx" ON "campaign"("workspace_id", "updated_at");
ALTER TABLE "campaign"
  ADD CONSTRAINT "campaign_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- A segment in use cannot be deleted out from under a campaign (archive it instead).
  ADD CONSTRAINT "campaign_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "campaign_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  ADD CONSTRAINT "campaign_approved_by_fkey" FOREIGN KEY ("approved_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One planned send of a campaign: the broadcast, one recurrence, or one
-- trigger sweep. Planning inserts its messages in one transaction and marks
-- planned_at; a job that runs again finds it planned and only re-queues.
CREATE TABLE "campaign_occurrence" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    -- Triggered campaigns: the occurrence covers trigger rows with trigger_from < id <= trigger_to.
    "trigger_from" BIGINT,
    "trigger_to" BIGINT,
    "planned_at" TIMESTAMPTZ(3),
    "audience_count" INTEGER,
    "queued_count" INTEGER,
    "skipped_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_occurrence_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "campaign_occurrence_workspace_id_campaign_id_key_key" ON "campaign_occurrence"("workspace_id", "campaign_id", "key");
CREATE INDEX "campaign_occurrence_due_idx" ON "campaign_occurrence"("due_at") WHERE "planned_at" IS NULL;
ALTER TABLE "campaign_occurrence"
  ADD CONSTRAINT "campaign_occurrence_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "campaign_occurrence_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "message" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "occurrence_id" BIGINT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "channel" "ChannelKind" NOT NULL,
    "status" "MessageStatus" NOT NULL,
    -- Why it was skipped, deferred or failed (a code from lib/campaigns/policy/reasons.ts).
    "reason" TEXT,
    "detail" TEXT,
    -- Message-ID / Idempotency-Key: the same across retries and re-sends after a crash.
    "idempotency_key" TEXT NOT NULL,
    "priority" SMALLINT NOT NULL DEFAULT 0,
    -- False for campaigns exempt from the frequency cap (transactional): they neither wait for it nor use it up.
    "counts_toward_cap" BOOLEAN NOT NULL DEFAULT true,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "claim_token" UUID,
    "enqueued_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "provider_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);
-- The guard against a double send: one message per occurrence and customer.
CREATE UNIQUE INDEX "message_occurrence_id_customer_id_key" ON "message"("occurrence_id", "customer_id");
CREATE UNIQUE INDEX "message_idempotency_key_key" ON "message"("idempotency_key");
CREATE INDEX "message_workspace_id_campaign_id_status_idx" ON "message"("workspace_id", "campaign_id", "status");
-- The customer profile's message list and the frequency cap's count.
CREATE INDEX "message_workspace_id_customer_id_sent_at_idx" ON "message"("workspace_id", "customer_id", "sent_at");
-- Provider callbacks (delivery receipts, bounces) name the message by the provider's id.
CREATE INDEX "message_provider_message_id_idx" ON "message"("workspace_id", "provider_message_id") WHERE "provider_message_id" IS NOT NULL;
-- The re-queue sweep: unfinished messages only.
CREATE INDEX "message_unfinished_idx" ON "message"("not_before") WHERE "status" IN ('queued', 'sending');
ALTER TABLE "message"
  ADD CONSTRAINT "message_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "message_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "message_occurrence_id_fkey" FOREIGN KEY ("occurrence_id") REFERENCES "campaign_occurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "message_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "message" SET (fillfactor = 80);

-- What happened to a message, in order: queued, deferred (why), sent,
-- delivered, opened, clicked, bounced, complained, unsubscribed, failed (why).
CREATE TABLE "message_event" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "message_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "message_event_message_id_idx" ON "message_event"("message_id");
-- Campaign reports count engagement per campaign without visiting its messages.
CREATE INDEX "message_event_campaign_id_kind_idx" ON "message_event"("campaign_id", "kind");
ALTER TABLE "message_event"
  ADD CONSTRAINT "message_event_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Addresses nothing is sent to, per channel: hard bounces, complaints,
-- unsubscribes, entries made by hand or imported. Keyed by the address, not
-- the customer, so a re-imported customer with the same address stays suppressed.
CREATE TABLE "suppression" (
    "workspace_id" INTEGER NOT NULL,
    "channel" "ChannelKind" NOT NULL,
    "address" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "note" TEXT,
    "message_id" BIGINT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppression_pkey" PRIMARY KEY ("workspace_id", "channel", "address")
);
ALTER TABLE "suppression"
  ADD CONSTRAINT "suppression_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "suppression_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The workspace's contact policy (lib/campaigns/policy/contact-policy.schema.ts):
-- frequency cap, quiet hours, default expiry, approval requirement, send rates.
CREATE TABLE "contact_policy" (
    "workspace_id" INTEGER NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "contact_policy_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "contact_policy"
  ADD CONSTRAINT "contact_policy_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "contact_policy_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The first instant at or after `at` outside the quiet window [quiet_start,
-- quiet_end) of local time in `tz` (the window may span midnight). The end is
-- a wall-clock time on the local calendar, so a DST change inside the window
-- moves the answer by the hour the clocks moved, as a person would expect.
CREATE FUNCTION valueloop_after_quiet_hours(at TIMESTAMPTZ, tz TEXT, quiet_start TIME, quiet_end TIME)
RETURNS TIMESTAMPTZ LANGUAGE plpgsql STABLE AS $$
DECLARE
  local_at TIMESTAMP := at AT TIME ZONE tz;
  t TIME := local_at::time;
  end_local TIMESTAMP;
BEGIN
  IF quiet_start < quiet_end THEN
    IF NOT (t >= quiet_start AND t < quiet_end) THEN RETURN at; END IF;
  ELSE
    IF NOT (t >= quiet_start OR t < quiet_end) THEN RETURN at; END IF;
  END IF;
  end_local := local_at::date + quiet_end;
  IF end_local <= local_at THEN end_local := end_local + interval '1 day'; END IF;
  RETURN end_local AT TIME ZONE tz;
END;
$$;

-- What campaign lists and pages show, kept by the campaigns tick (a recount
-- of a campaign's rows while it is busy and once after it ends), so a page
-- view reads one row instead of counting a million messages.
CREATE TABLE "campaign_stats" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "sending" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    -- Distinct messages with at least one such event (opens: human ones only).
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "clicked" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,
    "complained" INTEGER NOT NULL DEFAULT 0,
    "unsubscribed" INTEGER NOT NULL DEFAULT 0,
    -- Skips and failures by reason: {"no_consent": 12, ...}.
    "reasons" JSONB NOT NULL DEFAULT '{}',
    -- Sent and failed per hour: [{"hour": "...", "sent": n, "failed": n}].
    "series" JSONB NOT NULL DEFAULT '[]',
    "last_activity_at" TIMESTAMPTZ(3),
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_stats_pkey" PRIMARY KEY ("campaign_id")
);
ALTER TABLE "campaign_stats"
  ADD CONSTRAINT "campaign_stats_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A text as a date, or NULL when it is not one (anniversaries of free-form date attributes).
CREATE FUNCTION valueloop_try_date(value TEXT) RETURNS DATE LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN value::date;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;
