-- Session tokens carry the user's session version from sign-in; raising it
-- ends every session issued before (sign-out, password change, removal from
-- the last workspace). Existing users start at 0.
ALTER TABLE "app_user" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
