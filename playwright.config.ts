import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against
 * a production build served on its own port, with its own database and queue
 * prefix, plus a real worker process for background jobs.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const runId = (process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}_${process.pid}`);
const databaseUrl = (process.env.E2E_DATABASE_URL ??= `postgresql://postgres@127.0.0.1:5432/vl_e2e_${runId}`);
const baseURL = `http://127.0.0.1:${port}`;

const serverEnv = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  QUEUE_PREFIX: `vl_e2e_${runId}`,
  NEXTAUTH_URL: baseURL,
  // Links in campaign messages (unsubscribe, tracking) point at this server.
  PUBLIC_URL: baseURL,
  NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production",
  // Channel passwords saved by the specs are sealed with this run's own key.
  SECRETS_KEY: (process.env.E2E_SECRETS_KEY ??= randomBytes(32).toString("base64")),
  // The specs' SMTP and HTTP receivers listen on 127.0.0.1.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
};

export default defineConfig({
  testDir: "tests",
  // e2e: a person in the browser; security: the same production server probed over HTTP.
  projects: [
    { name: "e2e", testDir: "tests/e2e", testMatch: "**/*.spec.ts" },
    { name: "security", testDir: "tests/security", testMatch: "**/*.spec.ts" },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: `npx tsx scripts/serve.ts -p ${port} -H 127.0.0.1`,
      url: `${baseURL}/signin`,
      env: serverEnv,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx workers/index.ts",
      env: serverEnv,
      // The worker has no port; a trivial wait lets it boot before tests enqueue jobs.
      wait: { stdout: /workers started/ },
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
