-- The secret a channel's provider signs its delivery, bounce and complaint
-- reports with (POST /api/callbacks/<channel>/<workspace>). Sealed like the
-- channel's own secret (lib/crypto/secret-box.ts), in a column of its own:
-- it is generated and rotated apart from the SMTP password or API token, and
-- the settings page can tell whether one is stored without opening either.
ALTER TABLE "channel_settings" ADD COLUMN "callback_secret" TEXT;
