import { pool } from "./pool.ts";

/**
 * The rows of one query in batches, read through a server-side cursor in one
 * read-only snapshot: memory stays at one batch whatever the size (exports of
 * a million rows). `before` runs first in the same snapshot (an existence
 * check that should refuse before anything is streamed). Stopping the
 * iteration early closes the cursor and returns the connection; a connection
 * the server ends while the consumer is not pulling goes back to the pool at
 * once.
 */
export async function* cursorRows<Row>(
  text: string,
  values: unknown[],
  options: { batchSize?: number; before?: (query: (text: string, values: unknown[]) => Promise<{ rowCount: number | null }>) => Promise<void> } = {},
): AsyncGenerator<Row[]> {
  // FETCH takes no bind parameter, so the count is forced to a small integer here.
  const requested = options.batchSize ?? 5_000;
  const batchSize = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 1), 50_000) : 5_000;
  const client = await pool.connect();
  let broken: Error | undefined;
  let connectionLost: Error | undefined;
  let released = false;
  const onError = (err: Error) => {
    connectionLost = err;
    if (!released) {
      released = true;
      client.release(err);
    }
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (options.before) await options.before((t, v) => client.query(t, v));
    await client.query(`DECLARE rows_out NO SCROLL CURSOR FOR ${text}`, values);
    for (;;) {
      const batch = await client.query(`FETCH ${batchSize} FROM rows_out`);
      if (batch.rows.length > 0) yield batch.rows as Row[];
      if (batch.rows.length < batchSize) break;
    }
    await client.query("COMMIT");
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // Reached on error, on completion, and when the consumer stops early.
    client.off("error", onError);
    if (!released) {
      try {
        await client.query("ROLLBACK");
        broken = undefined;
      } catch (rollbackError) {
        broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      released = true;
      client.release(connectionLost ?? broken);
    }
  }
}
