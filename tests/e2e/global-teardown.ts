import pg from "pg";

export default async function globalTeardown() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url || process.env.KEEP_TEST_DB) return;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await admin.end();
}
