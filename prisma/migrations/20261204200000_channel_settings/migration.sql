-- Per-workspace delivery settings, one row per channel. Non-secret fields
-- (SMTP host, sender, webhook URL) sit in `config`; passwords and signing
-- secrets only in `secret`, sealed with AES-256-GCM by the application
-- (lib/crypto/secret-box.ts), so a database dump or backup never holds them
-- in the clear.
CREATE TYPE "ChannelKind" AS ENUM ('email', 'webhook', 'sms', 'push');

CREATE TABLE "channel_settings" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "channel" "ChannelKind" NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "channel_settings_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "channel_settings_workspace_id_channel_key" ON "channel_settings"("workspace_id", "channel");

ALTER TABLE "channel_settings"
  ADD CONSTRAINT "channel_settings_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- Removing a person keeps the settings they last saved.
  ADD CONSTRAINT "channel_settings_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
