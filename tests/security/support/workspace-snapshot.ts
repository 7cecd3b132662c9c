import type pg from "pg";

/**
 * A fingerprint of everything a workspace holds: for each table with a
 * workspace_id, the row count and a hash of the rows, plus the workspace row
 * itself and its import files. Equal fingerprints before and after a refused
 * request mean it wrote nothing. An API key's last_used_at is left out: every
 * authenticated request may touch it (at most once a minute), refused or not;
 * so are campaign_stats, which the campaigns tick recounts on its own clock.
 */
const IGNORED_COLUMNS = ["last_used_at"];
/**
 * Kept by workers on their own clock, never by the request probed: a live
 * campaign's counts are recounted every 15 s, per-arm outcomes every 10 min,
 * the global control history hourly (a settings save also writes the last
 * two, audited); a launch preview asked for by an earlier accepted request is
 * filled in by a worker whenever its count ends.
 */
const IGNORED_TABLES = [
  "campaign_stats",
  "campaign_arm_outcome",
  "campaign_arm_daily",
  "campaign_outcome_state",
  "global_control_member",
  "experiment_settings",
  "launch_preview",
  // The programme's sums, rewritten by the programme.refresh job hourly and after each global control change.
  "programme_day",
  "programme_link",
  "programme_state",
  // The recommendations model, written only by the recommendations.build job. An accepted API write asks for a
  // build at the end of the hour, so it lands whenever the run crosses one, during whatever request is probed then.
  "recommendation_build",
  "product_stat",
  "product_neighbor",
  "category_stat",
  "category_neighbor",
  "customer_category_offer",
  // The cohort aggregates, written only by the cohorts.refresh job, which an analytics run asks for 5 s ahead.
  "cohort_cell",
  "cohort_summary",
  "cohort_refresh",
];
/**
 * Counted but not hashed: a request adds rows here, and a worker then moves
 * them along (a queued global control change becomes running, then done), so
 * only a new row is the request's own write.
 */
const COUNT_ONLY_TABLES = ["global_control_change"];

let statement: string | undefined;

async function snapshotStatement(c: pg.Client): Promise<string> {
  if (statement) return statement;
  const tables = await c.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'workspace_id'
        AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
        AND NOT table_name = ANY($1::text[])
      ORDER BY table_name`,
    [IGNORED_TABLES],
  );
  const strip = IGNORED_COLUMNS.map((col) => ` - '${col}'`).join("");
  const parts = tables.rows.map(({ table_name: name }) =>
    COUNT_ONLY_TABLES.includes(name)
      ? `SELECT '${name}' AS t, count(*) AS n, '' AS h FROM "${name}" x WHERE x.workspace_id = $1`
      : `SELECT '${name}' AS t, count(*) AS n, md5(coalesce(string_agg((to_jsonb(x)${strip})::text, '|' ORDER BY (to_jsonb(x)${strip})::text), '')) AS h FROM "${name}" x WHERE x.workspace_id = $1`,
  );
  parts.push(`SELECT 'workspace', count(*), md5(coalesce(string_agg(to_jsonb(w)::text, '|'), '')) FROM workspace w WHERE w.id = $1`);
  parts.push(
    `SELECT 'import_file', count(*), md5(coalesce(string_agg(f.import_job_id::text || ':' || md5(f.content), '|' ORDER BY f.import_job_id), '')) FROM import_file f JOIN import_job j ON j.id = f.import_job_id WHERE j.workspace_id = $1`,
  );
  statement = `SELECT t, n::int AS n, h FROM (${parts.join("\nUNION ALL\n")}) s ORDER BY t`;
  return statement;
}

export type Snapshot = Record<string, string>;

export async function workspaceSnapshot(c: pg.Client, workspaceId: number): Promise<Snapshot> {
  const res = await c.query<{ t: string; n: number; h: string }>(await snapshotStatement(c), [workspaceId]);
  return Object.fromEntries(res.rows.map((r) => [r.t, `${r.n} rows ${r.h}`]));
}

/** Tables whose fingerprint differs, e.g. ["segment: 2 rows … → 3 rows …"]. */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t] ?? "absent"} → ${after[t] ?? "absent"}`);
}

/**
 * Work a request queued that has not finished yet. A queued job may wait
 * longer than one quiet interval for a worker and then write (a global
 * control change writes its audit row when it is applied, an analytics run
 * its results), so an unchanged fingerprint alone does not mean the
 * workspace is quiet.
 */
async function pendingWork(c: pg.Client, workspaceId: number): Promise<string[]> {
  const { rows } = await c.query<{ id: string }>(
    `SELECT 'global_control_change ' || id AS id FROM global_control_change WHERE workspace_id = $1 AND state IN ('queued', 'running')
     UNION ALL
     SELECT 'analytics_run ' || id FROM analytics_run WHERE workspace_id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [workspaceId],
  );
  return rows.map((r) => r.id);
}

/**
 * Waits until background work in the workspace (a new dynamic segment's first
 * refresh, an import the worker runs, a queued global control change or
 * analytics run) has finished and stopped changing it, so a later
 * comparison sees only what the request under test did.
 */
export async function quietSnapshot(c: pg.Client, workspaceId: number, timeoutMs = 15_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let previous = await workspaceSnapshot(c, workspaceId);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await workspaceSnapshot(c, workspaceId);
    const pending = await pendingWork(c, workspaceId);
    const diff = snapshotDiff(previous, current);
    if (diff.length === 0 && pending.length === 0) return current;
    if (Date.now() > deadline) throw new Error(`workspace ${workspaceId} kept changing for ${timeoutMs} ms: ${[...diff, ...pending.map((p) => `${p} not finished`)].join("; ")}`);
    previous = current;
  }
}
