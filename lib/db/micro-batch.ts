/**
 * Gathers single requests made at about the same moment into one call.
 *
 * A worker sending 50 messages at once would otherwise make 50 separate
 * statements (and commits) for what one statement over `unnest($1::…[])`
 * does: requests arriving while a batch is open join it, and the batch runs
 * when it is full or on the next turn of the event loop, so a lone request
 * waits no timer. Each caller gets the answer for its own item.
 *
 * `run` answers in the order of its items. If it throws, every caller in
 * that batch gets the error: each is a job that is retried on its own.
 */
export function microBatch<I, O>(run: (items: I[]) => Promise<O[]>, maxSize = 100): (item: I) => Promise<O> {
  interface Batch {
    items: I[];
    waiters: { resolve: (o: O) => void; reject: (e: unknown) => void }[];
  }
  let open: Batch | null = null;

  function flush(batch: Batch): void {
    if (open === batch) open = null;
    run(batch.items).then(
      (results) => {
        if (results.length !== batch.items.length) throw new Error(`batch answered ${results.length} of ${batch.items.length} items`);
        batch.waiters.forEach((w, i) => w.resolve(results[i]!));
      },
      (err: unknown) => batch.waiters.forEach((w) => w.reject(err)),
    ).catch((err: unknown) => batch.waiters.forEach((w) => w.reject(err)));
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      if (!open) {
        const batch: Batch = { items: [], waiters: [] };
        open = batch;
        // setImmediate runs after the I/O callbacks of this turn: the requests
        // that the same burst of completed sends makes all join this batch.
        setImmediate(() => {
          if (open === batch) flush(batch);
        });
      }
      const batch = open;
      batch.items.push(item);
      batch.waiters.push({ resolve, reject });
      if (batch.items.length >= maxSize) flush(batch);
    });
}
