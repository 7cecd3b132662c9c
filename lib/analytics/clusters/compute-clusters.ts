import type pg from "pg";
import { withPlannerSettings } from "../../db/planner-settings.ts";
import { copyRows } from "../runs/copy-rows.ts";
import { EXCLUDED_ORDER_STATUSES } from "../runs/counted-orders.ts";
import { ANALYTICS_WORK_MEM, withDedicatedClient } from "../runs/dedicated-client.ts";
import { markRunSucceeded } from "../runs/run-records.ts";
import { nameClusters } from "./cluster-names.ts";
import type { ClusterSettings } from "./cluster-settings.ts";
import { featureColumns, type FeatureColumn } from "./feature-layout.ts";
import {
  BUILD_CATEGORIES,
  BUILD_FEATURES,
  BUILD_PRICE_COUNTS,
  BUILD_PRICE_COUNTS_THROUGH_ORDERS,
  BUILD_PRODUCTS,
  BUILD_UNCOUNTED_PRICE_COUNTS,
  CLUSTER_VALUES,
  CREATE_ASSIGNMENT_TABLE,
  DELETE_EMPTY_PRICE_COUNTS,
  DELETE_STALE_CUSTOMER_FEATURES,
  PRICE_COUNT_CHECK,
  PRODUCT_CATEGORY_NUMBERS,
  PRODUCT_VALUES,
  SUBTRACT_UNCOUNTED,
  TOP_CATEGORIES,
  TOP_CHANNELS,
  UPSERT_CUSTOMER_FEATURES,
  buildCustomerLinesSql,
  buildCustomerOrdersSql,
} from "./features-sql.ts";
import { chooseK, kmeans } from "./kmeans.ts";
import { readFeatureMatrix, standardise } from "./read-feature-matrix.ts";

/** Top-level categories and channels kept as their own share columns; the rest share "Other". */
export const KEPT_CATEGORIES = 8;
export const KEPT_CHANNELS = 6;

export type ClustersStep = "features" | "clusters" | "publish";

export interface ClustersRunInput {
  workspaceId: number;
  runId: number;
  asOf: Date;
  timezone: string;
  settings: ClusterSettings;
  onProgress?: (percent: number) => Promise<void>;
  /** Called after each step; inside the publishing transaction for "publish". Tests inject crashes here. */
  afterStep?: (step: ClustersStep, client: pg.PoolClient) => Promise<void>;
}

export interface ClustersRunResult {
  /** Customers with counted orders (rows in customer_feature). */
  customers: number;
  /** Those with priced order lines, who were clustered. */
  clustered: number;
  k: number | null;
  kChosenBy: "silhouette" | "setting" | null;
  silhouettes: { k: number; silhouette: number }[];
  categories: string[];
  channels: string[];
  columns: FeatureColumn[];
  /** Mean of each column over every clustered customer (AOV in money, shares as fractions). */
  overallMeans: number[];
  /** Standard deviation of each clustering column (AOV on the log scale). */
  sds: number[];
  iterations: number;
  /** customer_feature rows this run inserted or changed, and deleted (customers with no counted orders any more). */
  featureRows?: { written: number; deleted: number };
  /** The price counts from the lines alone were not the counted lines' (a line of another workspace's order or customer), so they were counted through the orders. */
  pricesRecounted: boolean;
  timingsMs: { features: number; read: number; chooseK: number; fit: number; publish: number; featureSteps: FeatureTimings };
  note?: string;
}

/**
 * Planner setting for the passes over the lines (price counts and the
 * per-customer line pass) only. Their products arrive as an unnest of
 * parameters, which the planner would rather merge-join against the
 * (workspace, product) index of the lines, reading 17M lines in product
 * order from the heap (54 s measured at 1M customers, against 21 s scanned
 * and hash-joined). Index scans stay allowed: a small workspace's lines are
 * still read through the index.
 */
const LINE_PASS_PLANNER = { enable_mergejoin: "off" };

/**
 * The price counts from the lines alone: the same, and no nested loop
 * either, which the planner would otherwise pick for a statement that reads
 * only the lines and the product arrays (an index scan of the lines per
 * product, 64 s at 1M customers against 13 s scanned and hash-joined). A
 * small workspace's lines are still found through the (workspace, product)
 * index, then hash-joined.
 */
const PRICE_COUNT_PLANNER = { enable_mergejoin: "off", enable_nestloop: "off" };

export interface FeatureTimings {
  priceCounts: number;
  categories: number;
  customerLines: number;
  topChannels: number;
  customerOrders: number;
  features: number;
}

/** Clusters need at least this many customers with priced lines; fewer and the run publishes features only. */
export const MIN_CUSTOMERS_TO_CLUSTER = 20;

/**
 * One clusters run: features set-based in temp tables on the run's own
 * connection, k-means in memory over typed arrays, then one transaction
 * brings the workspace's customer_feature rows to this run's (writing only
 * those that differ), writes the run's value_cluster rows and marks it
 * SUCCEEDED. A crash before COMMIT leaves the
 * previous run's features and clusters as they were.
 */
export async function computeClusters(input: ClustersRunInput): Promise<ClustersRunResult> {
  const { workspaceId, runId, asOf, timezone, settings } = input;
  const progress = input.onProgress ?? (async () => {});
  return withDedicatedClient(
    async (client) => {
      await client.query(`SELECT set_config('work_mem', $1, false)`, [ANALYTICS_WORK_MEM]);
      let t = performance.now();
      const lap = () => {
        const now = performance.now();
        const ms = Math.round(now - t);
        t = now;
        return ms;
      };
      const step = { t: performance.now() };
      const featureTimings: FeatureTimings = { priceCounts: 0, categories: 0, customerLines: 0, topChannels: 0, customerOrders: 0, features: 0 };
      const time = (key: keyof FeatureTimings) => {
        const now = performance.now();
        featureTimings[key] = Math.round(now - step.t);
        step.t = now;
      };
      await client.query(BUILD_PRODUCTS, [workspaceId]);
      const numbers = (await client.query<{ ids: number[]; category_nos: number[] }>(PRODUCT_CATEGORY_NUMBERS)).rows[0]!;
      const asOfText = asOf.toISOString();
      await queryPlanned(client, PRICE_COUNT_PLANNER, BUILD_PRICE_COUNTS, [workspaceId, numbers.ids, numbers.category_nos]);
      await queryPlanned(client, LINE_PASS_PLANNER, BUILD_UNCOUNTED_PRICE_COUNTS, [workspaceId, asOfText, EXCLUDED_ORDER_STATUSES, numbers.ids, numbers.category_nos]);
      await client.query(SUBTRACT_UNCOUNTED);
      await client.query(DELETE_EMPTY_PRICE_COUNTS);
      time("priceCounts");
      let categories = await categoriesAndProducts(client, timezone, settings.noveltyDays);
      time("categories");
      await customerLines(client, workspaceId, asOfText, categories);
      // The price counts were taken from the lines alone; they are the counted lines' only if the line pass found as
      // many. Fewer means a line of another workspace's order or customer: count through the orders and pass again.
      const check = (await client.query<{ price_lines: string; counted_lines: string }>(PRICE_COUNT_CHECK, [workspaceId])).rows[0]!;
      const pricesRecounted = check.price_lines !== check.counted_lines;
      if (pricesRecounted) {
        await client.query("DROP TABLE vd_price_count, vd_category, vd_customer_line");
        await queryPlanned(client, LINE_PASS_PLANNER, BUILD_PRICE_COUNTS_THROUGH_ORDERS, [workspaceId, asOfText, EXCLUDED_ORDER_STATUSES, numbers.ids, numbers.category_nos]);
        categories = await categoriesAndProducts(client, timezone, settings.noveltyDays);
        await customerLines(client, workspaceId, asOfText, categories);
      }
      const categoryLabels = categories.labels;
      time("customerLines");
      await progress(25);
      const channels = (
        await client.query<{ label: string }>(TOP_CHANNELS, [workspaceId, asOfText, EXCLUDED_ORDER_STATUSES, KEPT_CHANNELS])
      ).rows.map((r) => r.label);
      time("topChannels");
      await client.query(buildCustomerOrdersSql(channels.length), [workspaceId, asOfText, timezone, EXCLUDED_ORDER_STATUSES, channels]);
      time("customerOrders");
      await client.query(BUILD_FEATURES, [workspaceId]);
      time("features");
      const counts = await client.query<{ customers: number; clustered: number }>(
        `SELECT count(*)::int AS customers, (count(*) FILTER (WHERE clusterable))::int AS clustered FROM vd_feature`,
      );
      const { customers, clustered } = counts.rows[0]!;
      const columns = featureColumns(categoryLabels, channels);
      const timingsMs = { features: lap(), read: 0, chooseK: 0, fit: 0, publish: 0, featureSteps: featureTimings };
      await input.afterStep?.("features", client);
      await progress(50);

      await client.query(CREATE_ASSIGNMENT_TABLE);
      const base = { customers, clustered, categories: categoryLabels, channels, columns, timingsMs, pricesRecounted };
      let result: ClustersRunResult;
      let names: string[] = [];
      let centroids = new Float64Array(0);
      let rawMeans: number[][] = [];
      if (clustered < MIN_CUSTOMERS_TO_CLUSTER) {
        result = {
          ...base,
          k: null,
          kChosenBy: null,
          silhouettes: [],
          overallMeans: [],
          sds: [],
          iterations: 0,
          note: `Only ${clustered} customers have priced order lines; clustering needs at least ${MIN_CUSTOMERS_TO_CLUSTER}. Import order lines, then run analytics again.`,
        };
      } else {
        const m = await readFeatureMatrix(client, clustered, categoryLabels.length + 1, channels.length + 1);
        timingsMs.read = lap();
        const { means, sds } = standardise(m);
        const fixedK = settings.k === "auto" ? null : settings.k;
        const maxK = Math.min(fixedK ?? settings.kMax, clustered - 1);
        const choice = chooseK(m, { seed: settings.seed, kMin: Math.min(fixedK ?? settings.kMin, maxK), kMax: maxK });
        timingsMs.chooseK = lap();
        await progress(65);
        const fit = kmeans(m, choice.k, { seed: settings.seed, initial: choice.centroids, maxIterations: 50, settledBelow: Math.floor(m.rows / 10_000) });
        timingsMs.fit = lap();
        // Clusters numbered 1..k by size, largest first (ties by centroid order), so the numbering reads naturally.
        const sizes = new Float64Array(fit.k);
        for (let i = 0; i < m.rows; i++) sizes[fit.labels[i]!]!++;
        const order = Array.from({ length: fit.k }, (_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
        const renumber = new Int32Array(fit.k);
        order.forEach((c, position) => (renumber[c] = position));
        const labels = fit.labels.map((l) => renumber[l]!);
        // Exact centroids (standardised) and raw means of the final labels, with the AOV back in money.
        const dims = m.dims;
        centroids = new Float64Array(fit.k * dims);
        const aovSums = new Float64Array(fit.k);
        const counts2 = new Float64Array(fit.k);
        for (let i = 0; i < m.rows; i++) {
          const c = labels[i]!;
          counts2[c]!++;
          aovSums[c]! += m.aov[i]!;
          for (let j = 0; j < dims; j++) centroids[c * dims + j]! += m.data[i * dims + j]!;
        }
        for (let c = 0; c < fit.k; c++) for (let j = 0; j < dims; j++) centroids[c * dims + j] = centroids[c * dims + j]! / counts2[c]!;
        rawMeans = Array.from({ length: fit.k }, (_, c) =>
          columns.map((_, j) => (j === 0 ? aovSums[c]! / counts2[c]! : centroids[c * dims + j]! * sds[j]! + means[j]!)),
        );
        names = nameClusters(centroids, fit.k, columns);
        const overallAov = m.aov.reduce((s, v) => s + v, 0) / m.rows;
        await copyRows(client, "vd_assignment", ["customer_id", "cluster"], assignmentRows(m.customerIds, labels));
        result = {
          ...base,
          k: fit.k,
          kChosenBy: fixedK === null ? "silhouette" : "setting",
          silhouettes: choice.silhouettes,
          overallMeans: columns.map((_, j) => (j === 0 ? overallAov : means[j]!)),
          sds: Array.from(sds),
          iterations: fit.iterations,
        };
      }
      await input.afterStep?.("clusters", client);
      await progress(80);

      const params = { asOf: asOfText, timezone, ...settings };
      await client.query("BEGIN");
      try {
        const deleted = await client.query(DELETE_STALE_CUSTOMER_FEATURES, [workspaceId]);
        const written = await client.query(UPSERT_CUSTOMER_FEATURES, [workspaceId, runId]);
        result.featureRows = { written: written.rowCount ?? 0, deleted: deleted.rowCount ?? 0 };
        const values = await client.query<{ cluster: number; customers: number; revenue: string; predicted_clv_12m: number | null; mean_p_alive: number | null }>(
          CLUSTER_VALUES,
          [workspaceId],
        );
        const dims = columns.length;
        // A marketer's name survives a re-run when the new cluster is named the same way automatically.
        const renamed = await client.query<{ auto_name: string; name: string; renamed_by: string | null; renamed_at: Date | null }>(
          `SELECT DISTINCT ON (auto_name) auto_name, name, renamed_by, renamed_at FROM value_cluster
            WHERE workspace_id = $1 AND name IS NOT NULL ORDER BY auto_name, run_id DESC`,
          [workspaceId],
        );
        const kept = new Map(renamed.rows.map((r) => [r.auto_name, r]));
        for (const v of values.rows) {
          const c = v.cluster;
          const carried = kept.get(names[c]!);
          await client.query(
            `INSERT INTO value_cluster (run_id, workspace_id, cluster, auto_name, name, customers, revenue, predicted_clv_12m,
                                        mean_p_alive, feature_means, centroid, renamed_by, renamed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10::float8[], $11::float8[], $12, $13)`,
            [
              runId,
              workspaceId,
              c,
              names[c],
              carried?.name ?? null,
              v.customers,
              v.revenue,
              v.predicted_clv_12m,
              v.mean_p_alive,
              rawMeans[c],
              Array.from(centroids.subarray(c * dims, c * dims + dims)),
              carried?.renamed_by ?? null,
              carried?.renamed_at ?? null,
            ],
          );
        }
        // Only the latest run's clusters are shown or matched by segments; older runs' rows go.
        await client.query(`DELETE FROM value_cluster WHERE workspace_id = $1 AND run_id <> $2`, [workspaceId, runId]);
        timingsMs.publish = lap();
        await input.afterStep?.("publish", client);
        await markRunSucceeded(client, workspaceId, runId, params, result as unknown as Record<string, unknown>);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      }
      return result;
    },
    { discard: true },
  );
}

interface CategoriesAndProducts {
  /** The kept top-level categories, largest spend first. */
  labels: string[];
  products: { ids: number[]; medians: (number | null)[]; kept: number[]; new_from: (string | null)[]; new_until: (string | null)[]; category_nos: (number | null)[] };
}

/** The category medians and ranking from vd_price_count, and what the line pass needs of each product. */
async function categoriesAndProducts(client: pg.PoolClient, timezone: string, noveltyDays: number): Promise<CategoriesAndProducts> {
  await client.query(BUILD_CATEGORIES);
  const labels = (await client.query<{ label: string }>(TOP_CATEGORIES, [KEPT_CATEGORIES])).rows.map((r) => r.label);
  const products = (await client.query<CategoriesAndProducts["products"]>(PRODUCT_VALUES, [timezone, noveltyDays, labels])).rows[0]!;
  return { labels, products };
}

/** The line pass into vd_customer_line. */
async function customerLines(client: pg.PoolClient, workspaceId: number, asOf: string, { labels, products }: CategoriesAndProducts): Promise<void> {
  await queryPlanned(client, LINE_PASS_PLANNER, buildCustomerLinesSql(labels.length), [
    workspaceId,
    asOf,
    EXCLUDED_ORDER_STATUSES,
    products.ids,
    products.medians,
    products.kept,
    products.new_from,
    products.new_until,
    products.category_nos,
  ]);
}

/** One statement on the run's connection under planner settings (withPlannerSettings, session scope). */
async function queryPlanned(client: pg.PoolClient, planner: Record<string, string>, sql: string, params: unknown[]): Promise<void> {
  await withPlannerSettings(client, planner, () => client.query(sql, params), "session");
}

function* assignmentRows(customerIds: Float64Array, labels: Int32Array): Generator<readonly number[]> {
  for (let i = 0; i < customerIds.length; i++) yield [customerIds[i]!, labels[i]!];
}
