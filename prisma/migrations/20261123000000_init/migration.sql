-- ValueLoop customer store: tenancy, access, customers, orders, events,
-- per-customer metrics, analytics runs, imports and segments.

CREATE TYPE "Role" AS ENUM ('ADMIN', 'MARKETER', 'ANALYST');
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');
CREATE TYPE "ImportKind" AS ENUM ('CUSTOMERS', 'ORDERS');
CREATE TYPE "SegmentKind" AS ENUM ('DYNAMIC', 'STATIC');
CREATE TYPE "TransitionKind" AS ENUM ('ENTERED', 'EXITED');

CREATE TABLE "workspace" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "workspace_slug_key" ON "workspace"("slug");

CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

CREATE TABLE "membership" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "membership_workspace_id_user_id_key" ON "membership"("workspace_id", "user_id");
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");

CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_by_id" TEXT,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");
CREATE INDEX "api_key_workspace_id_idx" ON "api_key"("workspace_id");

CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "actor_user_id" TEXT,
    "actor_api_key_id" INTEGER,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_workspace_id_created_at_idx" ON "audit_log"("workspace_id", "created_at");

CREATE TABLE "customer" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "country" CHAR(2),
    "city" TEXT,
    "timezone" TEXT,
    "acquisition_channel" TEXT,
    "signed_up_at" TIMESTAMPTZ(3),
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "email_consent" BOOLEAN NOT NULL DEFAULT false,
    "sms_consent" BOOLEAN NOT NULL DEFAULT false,
    "push_consent" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "customer_workspace_id_external_id_key" ON "customer"("workspace_id", "external_id");
CREATE INDEX "customer_workspace_id_id_idx" ON "customer"("workspace_id", "id");
CREATE INDEX "customer_workspace_id_email_idx" ON "customer"("workspace_id", "email");

CREATE TABLE "product" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT,
    "price" DECIMAL(14,2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "product_workspace_id_external_id_key" ON "product"("workspace_id", "external_id");
CREATE INDEX "product_workspace_id_category_idx" ON "product"("workspace_id", "category");

CREATE TABLE "customer_order" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "external_id" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "channel" TEXT,
    "status" TEXT NOT NULL DEFAULT 'completed',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_order_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "customer_order_workspace_id_external_id_key" ON "customer_order"("workspace_id", "external_id");
CREATE INDEX "customer_order_workspace_id_customer_id_placed_at_idx" ON "customer_order"("workspace_id", "customer_id", "placed_at");
CREATE INDEX "customer_order_workspace_id_placed_at_idx" ON "customer_order"("workspace_id", "placed_at");

CREATE TABLE "order_item" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "order_id" BIGINT NOT NULL,
    "product_id" INTEGER,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "unit_price" DECIMAL(14,2) NOT NULL,
    CONSTRAINT "order_item_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "order_item_order_id_idx" ON "order_item"("order_id");
CREATE INDEX "order_item_workspace_id_product_id_idx" ON "order_item"("workspace_id", "product_id");

CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "external_id" TEXT,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "event_workspace_id_external_id_key" ON "event"("workspace_id", "external_id");
CREATE INDEX "event_workspace_id_customer_id_type_occurred_at_idx" ON "event"("workspace_id", "customer_id", "type", "occurred_at");
CREATE INDEX "event_workspace_id_type_occurred_at_idx" ON "event"("workspace_id", "type", "occurred_at");

CREATE TABLE "customer_metrics" (
    "customer_id" BIGINT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "first_order_at" TIMESTAMPTZ(3),
    "last_order_at" TIMESTAMPTZ(3),
    "order_count" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "average_order_value" DECIMAL(14,2),
    "recency_days" INTEGER,
    "r_score" SMALLINT,
    "f_score" SMALLINT,
    "m_score" SMALLINT,
    "rfm_segment" TEXT,
    "p_alive" DOUBLE PRECISION,
    "expected_purchases_90d" DOUBLE PRECISION,
    "expected_purchases_365d" DOUBLE PRECISION,
    "predicted_clv_12m" DOUBLE PRECISION,
    "churn_risk_band" TEXT,
    "rfm_run_id" INTEGER,
    "clv_run_id" INTEGER,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_metrics_pkey" PRIMARY KEY ("customer_id")
);
CREATE INDEX "customer_metrics_workspace_id_rfm_segment_idx" ON "customer_metrics"("workspace_id", "rfm_segment");
CREATE INDEX "customer_metrics_workspace_id_predicted_clv_12m_idx" ON "customer_metrics"("workspace_id", "predicted_clv_12m");
CREATE INDEX "customer_metrics_workspace_id_p_alive_idx" ON "customer_metrics"("workspace_id", "p_alive");
CREATE INDEX "customer_metrics_workspace_id_last_order_at_idx" ON "customer_metrics"("workspace_id", "last_order_at");

CREATE TABLE "analytics_run" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "params" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "analytics_run_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "analytics_run_workspace_id_kind_created_at_idx" ON "analytics_run"("workspace_id", "kind", "created_at");

CREATE TABLE "rfm_snapshot" (
    "run_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "r_score" SMALLINT NOT NULL,
    "f_score" SMALLINT NOT NULL,
    "m_score" SMALLINT NOT NULL,
    "segment" TEXT NOT NULL,
    CONSTRAINT "rfm_snapshot_pkey" PRIMARY KEY ("run_id", "customer_id")
);
CREATE INDEX "rfm_snapshot_workspace_id_run_id_segment_idx" ON "rfm_snapshot"("workspace_id", "run_id", "segment");

CREATE TABLE "import_job" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "file_name" TEXT NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "inserted_rows" INTEGER NOT NULL DEFAULT 0,
    "updated_rows" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "import_job_workspace_id_created_at_idx" ON "import_job"("workspace_id", "created_at");

CREATE TABLE "import_file" (
    "import_job_id" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    CONSTRAINT "import_file_pkey" PRIMARY KEY ("import_job_id")
);

CREATE TABLE "segment" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" "SegmentKind" NOT NULL DEFAULT 'DYNAMIC',
    "definition" JSONB NOT NULL,
    "definition_version" INTEGER NOT NULL DEFAULT 1,
    "owner_id" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "last_refreshed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),
    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "segment_workspace_id_name_key" ON "segment"("workspace_id", "name");

CREATE TABLE "segment_membership" (
    "segment_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_membership_pkey" PRIMARY KEY ("segment_id", "customer_id")
);
CREATE INDEX "segment_membership_customer_id_idx" ON "segment_membership"("customer_id");

CREATE TABLE "segment_transition" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "kind" "TransitionKind" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_transition_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "segment_transition_workspace_id_segment_id_at_idx" ON "segment_transition"("workspace_id", "segment_id", "at");
CREATE INDEX "segment_transition_customer_id_idx" ON "segment_transition"("customer_id");

CREATE TABLE "segment_size_history" (
    "segment_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    CONSTRAINT "segment_size_history_pkey" PRIMARY KEY ("segment_id", "at")
);

ALTER TABLE "membership" ADD CONSTRAINT "membership_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer" ADD CONSTRAINT "customer_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_order" ADD CONSTRAINT "customer_order_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "customer_order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_metrics" ADD CONSTRAINT "customer_metrics_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "import_file" ADD CONSTRAINT "import_file_import_job_id_fkey" FOREIGN KEY ("import_job_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
