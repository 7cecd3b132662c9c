import type pg from "pg";

/** Tables whose ids the demo loader assigns itself. */
export type ReservableTable = "product" | "customer" | "customer_order" | "order_item" | "event";

/**
 * Reserves a contiguous block of `count` ids from each table's id sequence and
 * returns the first id of each block, so bulk-loaded rows can reference each
 * other without round trips and later inserts never collide.
 *
 * A plain `setval(seq, nextval(seq) + n)` races with other sessions calling
 * nextval in between. ALTER SEQUENCE takes a lock that blocks concurrent
 * nextval/setval until commit (PostgreSQL 10+), so inside that short
 * transaction the nextval..setval pair is atomic. Run this on its own
 * connection and never inside a long transaction: every insert into these
 * tables waits while it holds the lock.
 */
export async function reserveIdBlocks(
  client: pg.ClientBase,
  counts: Partial<Record<ReservableTable, number>>,
): Promise<Record<ReservableTable, number>> {
  const first: Record<ReservableTable, number> = { product: 0, customer: 0, customer_order: 0, order_item: 0, event: 0 };
  // Fixed order, so two concurrent reservations can never deadlock.
  const tables: ReservableTable[] = ["product", "customer", "customer_order", "order_item", "event"];
  await client.query("BEGIN");
  try {
    for (const table of tables) {
      const count = counts[table] ?? 0;
      if (count <= 0) continue;
      const seqRow = await client.query<{ seq: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS seq`, [table]);
      const seq = seqRow.rows[0]?.seq;
      if (!seq) throw new Error(`table ${table} has no id sequence`);
      // pg_get_serial_sequence returns a qualified, already-quoted name from the catalog.
      await client.query(`ALTER SEQUENCE ${seq} INCREMENT BY 1`);
      const next = await client.query<{ id: string }>(`SELECT nextval($1::regclass)::text AS id`, [seq]);
      const start = Number(next.rows[0]?.id);
      const last = start + count - 1;
      if (!Number.isSafeInteger(last)) throw new Error(`id block for ${table} exceeds 2^53`);
      await client.query(`SELECT setval($1::regclass, $2::bigint)`, [seq, String(last)]);
      first[table] = start;
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  }
  return first;
}
