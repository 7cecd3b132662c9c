import path from "node:path";
import { ensureDatabase, migrate } from "../../lib/db/migrate.ts";

export default async function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  await ensureDatabase(url);
  await migrate(url, path.resolve(import.meta.dirname, "../../prisma/migrations"));
}
