// The production server (`next start` through scripts/serve.ts) against a bench
// database, and signed-in sessions on it: what the page load benches drive.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** Starts the built app on `port`; resolves with its base URL, its process group id (for CPU accounting) and a stop function (also run on exit). */
export async function startProductionServer(databaseUrl: string, port: number): Promise<{ base: string; pid: number | undefined; stop: () => void }> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` first");
  const base = `http://127.0.0.1:${port}`;
  const server = spawn("npx", ["--no-install", "tsx", "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-bench-secret-bench-secret",
      SECRETS_KEY: process.env.SECRETS_KEY ?? randomBytes(32).toString("base64"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const stop = () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", stop);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start within 60 s")), 60_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { base, pid: server.pid, stop };
}

/** Signs in through next-auth's credentials flow; the cookie header a signed-in browser would send. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  await login.text();
  const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (!cookies.some((c) => c?.includes("session-token"))) throw new Error(`sign-in of ${email} failed (HTTP ${login.status})`);
  return [csrfCookie, ...cookies].join("; ");
}
