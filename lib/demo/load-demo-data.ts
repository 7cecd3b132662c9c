import { pool } from "../db/pool.ts";
import { copyRows } from "./copy-rows.ts";
import {
  appendCustomerRows,
  CUSTOMER_COPY_SQL,
  EVENT_COPY_SQL,
  ORDER_COPY_SQL,
  ORDER_ITEM_COPY_SQL,
  PRODUCT_COPY_SQL,
  newRowBuffers,
  productRows,
  type CopyBuffer,
  type IdBases,
  type RowBuffers,
  type RowCursor,
} from "./format-copy-rows.ts";
import { reserveIdBlocks } from "./reserve-id-blocks.ts";
import { rebuildTimelines, skipRowTriggersIfSafe, verifyLoadedReferences } from "./trusted-bulk-load.ts";
import { simulateCustomer } from "./simulate-customer.ts";
import { buildSimulationContext, type SimulationContext, type SimulationInput } from "./simulation-context.ts";

/**
 * Generates one workspace's demo data and bulk-loads it with COPY, in a single
 * transaction (a failed or interrupted load leaves nothing behind, so the next
 * run simply starts again).
 *
 * 1. Plan: simulate every customer once to count orders, lines and events
 *    (the simulation is cheap next to loading, and exact counts let us reserve
 *    contiguous id blocks, so the same seed gives the same ids relative to the
 *    workspace).
 * 2. Reserve id blocks (short transaction on a second connection).
 * 3. Load: customers are simulated again chunk by chunk and each chunk is
 *    COPYed table by table (customers, orders, lines, events; parents first so
 *    foreign keys hold). The next chunk is generated while the server ingests
 *    the current one; memory stays bounded by two chunks.
 * 4. Verify references when per-row FK checks were skipped
 *    (trusted-bulk-load.ts), commit, then ANALYZE so the planner sees the new
 *    sizes at once.
 */

export interface LoadDemoDataInput {
  workspaceId: number;
  currency: string;
  simulation: SimulationInput;
  /** Customers per COPY round; bounds memory (default 10,000). */
  chunkCustomers?: number;
  /**
   * "auto" (default): skip per-row foreign-key checks when the session may and
   * the tables have no triggers of their own, and prove the references with
   * range checks instead (trusted-bulk-load.ts). "per-row": always let
   * PostgreSQL check every row.
   */
  foreignKeyChecks?: "auto" | "per-row";
  log?: (line: string) => void;
}

export interface DemoDataCounts {
  customers: number;
  orders: number;
  orderItems: number;
  events: number;
  products: number;
}

export interface LoadDemoDataResult {
  /** False when the workspace already had customers and nothing was loaded. */
  loaded: boolean;
  /** How referential integrity was ensured: by PostgreSQL per row, or by range checks after the load. */
  foreignKeys: "checked per row" | "verified by range checks";
  counts: DemoDataCounts;
  /** Wall-clock milliseconds per phase. */
  phasesMs: { plan: number; reserve: number; load: number; verify: number; timelines: number; commit: number; analyze: number; total: number };
  /** Inside the load phase: time generating rows, and time the server spent ingesting each table. */
  loadBreakdownMs: { generate: number; customers: number; orders: number; orderItems: number; events: number };
}

// pg_advisory_xact_lock(classid, objid) namespace for "demo load into workspace N".
const LOCK_NAMESPACE = 0x64656d6f;
const YIELD_EVERY = 250;

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

function countRows(ctx: SimulationContext): DemoDataCounts {
  const counts: DemoDataCounts = { customers: ctx.customers, orders: 0, orderItems: 0, events: 0, products: ctx.catalogue.products.length };
  for (let i = 0; i < ctx.customers; i++) {
    const c = simulateCustomer(ctx, i);
    counts.orders += c.orders.length;
    for (const o of c.orders) counts.orderItems += o.lines.length;
    counts.events += c.events.length;
  }
  return counts;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export async function loadDemoData(input: LoadDemoDataInput): Promise<LoadDemoDataResult> {
  const log = input.log ?? (() => undefined);
  const chunkCustomers = input.chunkCustomers ?? 10_000;
  const started = performance.now();
  const phasesMs = { plan: 0, reserve: 0, load: 0, verify: 0, timelines: 0, commit: 0, analyze: 0, total: 0 };
  const breakdown = { generate: 0, customers: 0, orders: 0, orderItems: 0, events: 0 };

  const ctx = buildSimulationContext(input.simulation);
  const counts = countRows(ctx);
  phasesMs.plan = performance.now() - started;
  log(
    `planned ${fmt(counts.customers)} customers, ${fmt(counts.orders)} orders, ${fmt(counts.orderItems)} order lines, ` +
      `${fmt(counts.events)} events, ${fmt(counts.products)} products (${(phasesMs.plan / 1000).toFixed(1)} s)`,
  );

  const client = await pool.connect();
  let clientBroken = false;
  let trusted = false;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_NAMESPACE, input.workspaceId]);
    const existing = await client.query<{ customers: boolean; products: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM customer WHERE workspace_id = $1) AS customers,
              EXISTS (SELECT 1 FROM product WHERE workspace_id = $1) AS products`,
      [input.workspaceId],
    );
    if (existing.rows[0]?.customers) {
      await client.query("ROLLBACK");
      phasesMs.total = performance.now() - started;
      return { loaded: false, foreignKeys: "checked per row", counts, phasesMs, loadBreakdownMs: breakdown };
    }
    if (existing.rows[0]?.products) {
      throw new Error("the workspace has products but no customers; reseed it with --reset");
    }

    trusted = (input.foreignKeyChecks ?? "auto") === "auto" && (await skipRowTriggersIfSafe(client));
    log(trusted ? "foreign keys: verified by range checks after the load (superuser fast path)" : "foreign keys: checked per row");

    const reserveStarted = performance.now();
    const reserver = await pool.connect();
    let first: Awaited<ReturnType<typeof reserveIdBlocks>>;
    try {
      first = await reserveIdBlocks(reserver, {
        product: counts.products,
        customer: counts.customers,
        customer_order: counts.orders,
        order_item: counts.orderItems,
        event: counts.events,
      });
    } finally {
      reserver.release();
    }
    const ids: IdBases = {
      product: first.product,
      customer: first.customer,
      order: first.customer_order,
      orderItem: first.order_item,
      event: first.event,
    };
    phasesMs.reserve = performance.now() - reserveStarted;

    const loadStarted = performance.now();
    await copyRows(client, PRODUCT_COPY_SQL, productRows(ctx.catalogue, input.workspaceId, ids.product, ctx.startMs));

    const cursor: RowCursor = { order: 0, orderItem: 0, event: 0 };
    const produce = async (from: number, to: number): Promise<RowBuffers> => {
      const out = newRowBuffers();
      let sliceStart = performance.now();
      for (let i = from; i < to; i++) {
        appendCustomerRows(ctx, input.workspaceId, input.currency, ids, cursor, simulateCustomer(ctx, i), out);
        if ((i - from) % YIELD_EVERY === YIELD_EVERY - 1) {
          breakdown.generate += performance.now() - sliceStart;
          // Let the socket flush the chunk being COPYed while this one is built.
          await yieldToIo();
          sliceStart = performance.now();
        }
      }
      breakdown.generate += performance.now() - sliceStart;
      return out;
    };
    const timed = async (key: "customers" | "orders" | "orderItems" | "events", sql: string, rows: CopyBuffer) => {
      const t = performance.now();
      await copyRows(client, sql, rows);
      breakdown[key] += performance.now() - t;
    };

    let pending: Promise<RowBuffers> | null = counts.customers > 0 ? produce(0, Math.min(chunkCustomers, counts.customers)) : null;
    let lastLog = performance.now();
    const loaded = { orders: 0, orderItems: 0, events: 0 };
    try {
      for (let from = 0; pending; from += chunkCustomers) {
        const rows: RowBuffers = await pending;
        const next = from + chunkCustomers;
        pending = next < counts.customers ? produce(next, Math.min(next + chunkCustomers, counts.customers)) : null;
        await timed("customers", CUSTOMER_COPY_SQL, rows.customers);
        await timed("orders", ORDER_COPY_SQL, rows.orders);
        await timed("orderItems", ORDER_ITEM_COPY_SQL, rows.orderItems);
        await timed("events", EVENT_COPY_SQL, rows.events);
        loaded.orders += rows.orders.rows;
        loaded.orderItems += rows.orderItems.rows;
        loaded.events += rows.events.rows;
        const done = Math.min(next, counts.customers);
        if (performance.now() - lastLog > 5_000 || done === counts.customers) {
          lastLog = performance.now();
          const seconds = (lastLog - loadStarted) / 1000;
          const rowsSoFar = done + loaded.orders + loaded.orderItems + loaded.events;
          log(
            `loaded customers ${fmt(done)}/${fmt(counts.customers)} · orders ${fmt(loaded.orders)}/${fmt(counts.orders)} · ` +
              `lines ${fmt(loaded.orderItems)} · events ${fmt(loaded.events)} · ${fmt(rowsSoFar / seconds)} rows/s`,
          );
        }
      }
    } catch (err) {
      // The chunk being generated is abandoned; wait for it so nothing runs after we roll back.
      if (pending) await Promise.allSettled([pending]);
      throw err;
    }
    if (cursor.order !== counts.orders || cursor.orderItem !== counts.orderItems || cursor.event !== counts.events) {
      throw new Error("demo generation is not deterministic: the load produced different counts than the plan");
    }
    phasesMs.load = performance.now() - loadStarted;
    const verifyStarted = performance.now();
    if (trusted) await verifyLoadedReferences(client, input.workspaceId, ids, counts);
    phasesMs.verify = performance.now() - verifyStarted;
    const timelinesStarted = performance.now();
    if (trusted) await rebuildTimelines(client, input.workspaceId);
    phasesMs.timelines = performance.now() - timelinesStarted;

    const commitStarted = performance.now();
    await client.query("COMMIT");
    phasesMs.commit = performance.now() - commitStarted;
  } catch (err) {
    await client.query("ROLLBACK").catch((rollbackErr: unknown) => {
      clientBroken = true;
      log(`rollback failed: ${(rollbackErr as Error).message}`);
    });
    throw err;
  } finally {
    client.release(clientBroken);
  }

  const analyzeStarted = performance.now();
  // The trusted path analysed the loaded tables inside its transaction (before the timeline rebuild); those statistics were committed with it.
  const loadedTables = trusted ? "" : "customer, customer_order, order_item, event, product, ";
  await pool.query(`ANALYZE ${loadedTables}customer_order_timeline, customer_category_timeline, customer_product_timeline, customer_event_timeline`);
  phasesMs.analyze = performance.now() - analyzeStarted;
  phasesMs.total = performance.now() - started;
  return {
    loaded: true,
    foreignKeys: trusted ? "verified by range checks" : "checked per row",
    counts,
    phasesMs,
    loadBreakdownMs: breakdown,
  };
}
