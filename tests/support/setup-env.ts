import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Runs before each test file's imports, so lib/env.ts sees this run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
// Channel secrets are sealed with this run's own key.
process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
