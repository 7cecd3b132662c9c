// The suppressions page and its import and export at a million entries: a
// workspace of its own gets 1M email and 100k SMS suppressions (one
// statement each), then the list's first page, a page deep in the list, a
// prefix search with and without matches, the counts, a 100k-row CSV import
// (and one refused for its last row), and the full export are timed. The
// workspace is deleted afterwards. `npx tsx bench/suppressions.ts`
import { BENCH_DATABASE_URL, formatTiming, measure } from "./support.ts";

process.env.DATABASE_URL = BENCH_DATABASE_URL;
const { pool } = await import("../lib/db/pool.ts");
const { listSuppressions } = await import("../lib/campaigns/suppressions/list-suppressions.ts");
const { countSuppressions } = await import("../lib/campaigns/suppressions/count-suppressions.ts");
const { importSuppressions } = await import("../lib/campaigns/suppressions/import-suppressions.ts");
const { exportSuppressionsCsv } = await import("../lib/campaigns/suppressions/export-suppressions.ts");

const tag = `bench-suppressions-${process.pid}`;
const ws = (await pool.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, $1) RETURNING id`, [tag])).rows[0]!.id;
const userId = `u_${tag}`;
await pool.query(`INSERT INTO app_user (id, email, name, password_hash) VALUES ($1, $2, 'Bench', 'x')`, [userId, `${tag}@bench.test`]);
await pool.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, 'ADMIN')`, [ws, userId]);

function seconds(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

try {
  let t0 = performance.now();
  await pool.query(
    `INSERT INTO suppression (workspace_id, channel, address, reason)
     SELECT $1, 'email', 'user' || md5(g::text) || '@example' || (g % 50) || '.com',
            (ARRAY['hard_bounce','complaint','unsubscribe','manual','imported'])[1 + g % 5]::"SuppressionReason"
       FROM generate_series(1, 1000000) g`,
    [ws],
  );
  await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) SELECT $1, 'sms', '+49' || (1500000000 + g), 'unsubscribe' FROM generate_series(1, 100000) g`, [ws]);
  await pool.query(`ANALYZE suppression`);
  console.log(`set up 1,000,000 email and 100,000 SMS suppressions in ${seconds(t0)}`);

  let deep = null as Awaited<ReturnType<typeof listSuppressions>>["nextCursor"];
  for (let i = 0; i < 100; i++) deep = (await listSuppressions({ workspaceId: ws, channel: null, after: deep })).nextCursor;
  console.log(formatTiming("first page (50, every channel)", await measure(() => listSuppressions({ workspaceId: ws, channel: null }))));
  console.log(formatTiming("page 101 by keyset cursor", await measure(() => listSuppressions({ workspaceId: ws, channel: null, after: deep }))));
  console.log(formatTiming("SMS only, first page", await measure(() => listSuppressions({ workspaceId: ws, channel: "sms" }))));
  console.log(formatTiming('prefix "USERab" (email, any case)', await measure(() => listSuppressions({ workspaceId: ws, channel: null, query: "USERab" }))));
  console.log(formatTiming('prefix "+49 150000" (SMS digits)', await measure(() => listSuppressions({ workspaceId: ws, channel: null, query: "+49 150000" }))));
  console.log(formatTiming('prefix "zzz" (no match)', await measure(() => listSuppressions({ workspaceId: ws, channel: null, query: "zzz" }))));
  console.log(formatTiming("counts per channel and reason", await measure(() => countSuppressions(ws, null), { warmup: 1, runs: 5 })));

  const rows = ["address,channel,note"];
  for (let i = 0; i < 99_999; i++) rows.push(i % 10 === 0 ? `+49 170 ${1_000_000 + i},sms,` : `Imported.${i}.${(i * 7919) % 100_003}@Example.COM,email,bench`);
  const good = new TextEncoder().encode(`${rows.join("\n")}\n`);
  t0 = performance.now();
  const result = await importSuppressions({ workspaceId: ws, actorUserId: userId, fileName: "bench.csv", bytes: good, channel: null, note: null });
  console.log(`import of ${result.rows.toLocaleString("en-US")} rows (${(good.length / 1048576).toFixed(1)} MB): ${result.added.toLocaleString("en-US")} added in ${seconds(t0)}`);
  const bad = new TextEncoder().encode(`${rows.slice(0, -1).join("\n")}\nnot-an-email,email,\n`);
  t0 = performance.now();
  const refused = await importSuppressions({ workspaceId: ws, actorUserId: userId, fileName: "bench.csv", bytes: bad, channel: null, note: null }).catch((err: Error) => err);
  console.log(`the same file with a bad last row: refused (${refused instanceof Error ? refused.message.slice(0, 40) : "not refused!"}…) in ${seconds(t0)}`);

  t0 = performance.now();
  let lines = 0;
  let chars = 0;
  for await (const line of exportSuppressionsCsv(ws, null)) {
    lines++;
    chars += line.length;
  }
  console.log(`export of ${(lines - 1).toLocaleString("en-US")} entries (${(chars / 1048576).toFixed(0)} MB) in ${seconds(t0)}`);
} finally {
  await pool.query(`DELETE FROM workspace WHERE id = $1`, [ws]);
  await pool.query(`DELETE FROM app_user WHERE id = $1`, [userId]);
  await pool.end();
}
