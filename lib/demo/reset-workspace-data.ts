import pg from "pg";
import { pool } from "../db/pool.ts";

/**
 * Deletes one workspace's business rows (customers, orders, events, metrics,
 * segments, imports, ... every table with a workspace_id) and keeps the
 * workspace itself, its memberships, API keys and audit log.
 *
 * Tables are discovered from the catalog, so tables added later are included,
 * and deleted children first, level by level, following the foreign keys.
 * Between levels the emptied child tables are VACUUMed when the delete was
 * large: deleting a parent row makes PostgreSQL look up referencing rows in
 * each child table, and where no index leads with the referencing column
 * (customer_order.customer_id, event.customer_id lead with workspace_id) that
 * lookup scans every dead row left by the previous level — millions of times.
 * VACUUM cannot shrink a heap whose last pages hold other workspaces' rows,
 * so the deletes also turn sequential scans off: the lookup then walks the
 * (now small) index instead of every empty heap page. What stays slow is a
 * reset of a small workspace while another holds millions of orders; an index
 * leading with customer_id on those tables would make every case fast.
 * Each level commits on its own; an interrupted reset is finished by running
 * it again.
 */

const KEEP = new Set(["workspace", "membership", "api_key", "audit_log"]);
/** Deleted rows above which a child table is vacuumed before its parents are deleted. */
const VACUUM_AFTER_ROWS = 50_000;

export interface ResetTableResult {
  table: string;
  deleted: number;
}

export async function resetWorkspaceData(workspaceId: number, log: (line: string) => void = () => undefined): Promise<ResetTableResult[]> {
  const tablesResult = await pool.query<{ table: string }>(
    `SELECT c.relname AS table
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        AND a.attname = 'workspace_id' AND NOT a.attisdropped`,
  );
  const remaining = new Set(tablesResult.rows.map((r) => r.table).filter((t) => !KEEP.has(t)));
  const fkResult = await pool.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema() AND k.conrelid <> k.confrelid`,
  );
  const edges = fkResult.rows;

  const results: ResetTableResult[] = [];
  while (remaining.size > 0) {
    // A table is deletable now when no other remaining table references it.
    let level = [...remaining].filter((t) => !edges.some((e) => e.parent === t && remaining.has(e.child))).sort();
    if (level.length === 0) level = [...remaining].sort(); // a reference cycle: delete the rest together
    const client = await pool.connect();
    const deletedHere: ResetTableResult[] = [];
    try {
      await client.query("BEGIN");
      // Applies to the foreign-key lookups planned inside this transaction (see above).
      await client.query("SET LOCAL enable_seqscan = off");
      for (const table of level) {
        const r = await client.query(`DELETE FROM ${pg.escapeIdentifier(table)} WHERE workspace_id = $1`, [workspaceId]);
        deletedHere.push({ table, deleted: r.rowCount ?? 0 });
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    } finally {
      client.release();
    }
    for (const t of level) remaining.delete(t);
    for (const d of deletedHere) {
      results.push(d);
      if (d.deleted > 0) log(`reset: deleted ${d.deleted.toLocaleString("en-US")} rows from ${d.table}`);
      const referencesRemaining = edges.some((e) => e.child === d.table && remaining.has(e.parent));
      if (d.deleted >= VACUUM_AFTER_ROWS && referencesRemaining) {
        await pool.query(`VACUUM (ANALYZE) ${pg.escapeIdentifier(d.table)}`);
      }
    }
  }
  return results;
}
