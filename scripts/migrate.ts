// `npm run db:migrate`: create the database if needed and apply pending migrations.
import path from "node:path";
import { ensureDatabase, migrate } from "../lib/db/migrate.ts";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop";
const dir = path.resolve(import.meta.dirname, "../prisma/migrations");

await ensureDatabase(databaseUrl);
const result = await migrate(databaseUrl, dir);
console.log(
  result.applied.length
    ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
    : `Database is up to date (${result.alreadyApplied.length} migration(s) applied earlier).`,
);
