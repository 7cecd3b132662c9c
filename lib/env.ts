import { z } from "zod";
import { trustedProxiesSetting } from "./auth/trusted-proxies.ts";
import { secretKeyProblem } from "./crypto/secret-keys.ts";

// Environment is parsed once; every other module imports `env` from here.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/valueloop"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /// Prefix for BullMQ keys, so several installs (or test runs) can share one Redis.
  QUEUE_PREFIX: z.string().min(1).default("valueloop"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  /// The web server's address as customers reach it: unsubscribe, open and click links in messages. Default: NEXTAUTH_URL.
  PUBLIC_URL: z.string().url().optional(),
  /// How long a worker holds a claimed message before another may take it over (ms). Longer than any send can take.
  MESSAGE_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  /// Concurrent sends per worker process.
  MESSAGE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  /// How long a send job's lock lasts without renewal (ms); a worker that died is noticed after about twice this.
  MESSAGE_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /// First retry delay after a retryable refusal (ms); each further attempt doubles it, up to an hour.
  MESSAGE_RETRY_BASE_MS: z.coerce.number().int().min(100).default(30_000),
  /// A queued message whose job Redis no longer has is queued again once it has waited this long (ms).
  MESSAGE_REQUEUE_AFTER_MS: z.coerce.number().int().min(1000).default(30_000),
  /// How long a rendered dashboard page may be answered again while nothing was written (ms; 0 = no page cache). docs/page-cache.md.
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /// Memory for rendered pages, per web server process (MB, compressed).
  PAGE_CACHE_MB: z.coerce.number().int().min(1).default(64),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /// Reverse proxies whose X-Forwarded-For is believed (IPs and CIDRs, comma-separated; docs/auth.md). Empty: none.
  TRUSTED_PROXIES: trustedProxiesSetting,
  /// Longest a statement may run, in ms (0 = no limit). Default: 30 s in the web server, none in workers and scripts.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  /// Longest a transaction may sit idle, in ms (0 = no limit). Default: 30 s in the web server, 10 min elsewhere.
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  /// Longest a caller waits for a pooled connection, in ms. Default: 5 s in the web server, 60 s elsewhere.
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  /// Seals channel passwords and signing secrets at rest: 32 random bytes, base64. Needed only once a secret is stored.
  SECRETS_KEY: secretKeySetting("SECRETS_KEY"),
  /// Earlier SECRETS_KEY values (comma-separated) that still open secrets sealed before a rotation.
  SECRETS_KEY_PREVIOUS: secretKeySetting("SECRETS_KEY_PREVIOUS"),
  /// Lets webhooks reach loopback, private and link-local addresses and plain http:// (development, tests, the demo). Off: https:// to public addresses only.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
});

function secretKeySetting(variable: string) {
  return z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = secretKeyProblem(value, variable);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const env = parseEnv();
