import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Runs before each test file's imports, so lib/env.ts sees this run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
// Channel secrets are sealed with this run's own key.
process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
// Test receivers listen on 127.0.0.1 over plain http; the tests of the webhook network policy pass their own.
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ??= "true";
