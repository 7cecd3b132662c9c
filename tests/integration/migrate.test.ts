import path from "node:path";
import { inject, describe, expect, it } from "vitest";
import pg from "pg";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";

const dir = path.resolve(import.meta.dirname, "../../prisma/migrations");

describe("db:migrate", () => {
  it("records every migration once and is a no-op when run again", async () => {
    const url = inject("databaseUrl");
    const files = await readMigrations(dir);
    const again = await migrate(url, dir);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(files.map((f) => f.name));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    expect(rows.rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum })));
  });

  it("runs safely when several processes migrate at once", async () => {
    const url = inject("databaseUrl");
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    for (const r of results) expect(r.applied).toEqual([]);
  });
});
