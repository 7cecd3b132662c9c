import { CHURN_RISK_BANDS } from "../analytics/recompute/analytics-settings.schema.ts";
import { readRfmSettings } from "../analytics/rfm/rfm-settings.schema.ts";
import { db } from "../db/client.ts";
import { pool } from "../db/pool.ts";
import type { ValueSource } from "./field-catalog.ts";
import type { KnownValue, KnownValues } from "./segment-views.ts";

export const VALUE_SOURCES = [
  "country",
  "city",
  "acquisitionChannel",
  "timezone",
  "rfmSegment",
  "churnRiskBand",
  "category",
  "product",
  "eventType",
  "attributeKey",
  "segment",
  "valueCluster",
] as const satisfies readonly ValueSource[];

const LIMIT = 500;

/**
 * Most frequent values first. These scan the workspace's customers (no index
 * leads with these columns), so answers are cached for a minute per process.
 */
const FREQUENT: Partial<Record<ValueSource, string>> = {
  country: `SELECT country::text AS value FROM customer WHERE workspace_id = $1 AND country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
  city: `SELECT city AS value FROM customer WHERE workspace_id = $1 AND city IS NOT NULL AND city <> '' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
  acquisitionChannel: `SELECT acquisition_channel AS value FROM customer WHERE workspace_id = $1 AND acquisition_channel IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
  timezone: `SELECT timezone AS value FROM customer WHERE workspace_id = $1 AND timezone IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
  // Keys of the newest customers' attributes: reading every row's JSON at 1M customers costs seconds.
  attributeKey: `SELECT k AS value FROM (SELECT attributes FROM customer WHERE workspace_id = $1 ORDER BY id DESC LIMIT 5000) c
    CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(c.attributes) = 'object' THEN c.attributes ELSE '{}'::jsonb END) k
    GROUP BY k ORDER BY count(*) DESC, k LIMIT $2`,
};

/** Distinct values by walking an index (one probe per value), fast at any table size. */
const SKIP_SCAN: Partial<Record<ValueSource, string>> = {
  rfmSegment: `WITH RECURSIVE t(v) AS (
      (SELECT rfm_segment FROM customer_metrics WHERE workspace_id = $1 AND rfm_segment IS NOT NULL ORDER BY rfm_segment LIMIT 1)
      UNION ALL
      SELECT (SELECT rfm_segment FROM customer_metrics WHERE workspace_id = $1 AND rfm_segment > t.v ORDER BY rfm_segment LIMIT 1) FROM t WHERE t.v IS NOT NULL
    ) SELECT v AS value FROM t WHERE v IS NOT NULL LIMIT $2`,
  eventType: `WITH RECURSIVE t(v) AS (
      (SELECT type FROM event WHERE workspace_id = $1 ORDER BY type LIMIT 1)
      UNION ALL
      SELECT (SELECT type FROM event WHERE workspace_id = $1 AND type > t.v ORDER BY type LIMIT 1) FROM t WHERE t.v IS NOT NULL
    ) SELECT v AS value FROM t WHERE v IS NOT NULL LIMIT $2`,
  category: `SELECT DISTINCT category AS value FROM product WHERE workspace_id = $1 AND category IS NOT NULL ORDER BY 1 LIMIT $2`,
};

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; value: KnownValues }>();

const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

function countryLabel(code: string): string {
  try {
    const name = countryNames.of(code.trim().toUpperCase());
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

async function strings(sql: string, workspaceId: number): Promise<string[]> {
  const res = await pool.query<{ value: string }>(sql, [workspaceId, LIMIT + 1]);
  return res.rows.map((r) => r.value);
}

function finish(values: KnownValue[]): KnownValues {
  return { values: values.slice(0, LIMIT), truncated: values.length > LIMIT };
}

/** Uncached read (benchmarks); pages go through readFieldValues. */
export async function loadFieldValues(workspaceId: number, source: ValueSource): Promise<KnownValues> {
  switch (source) {
    case "segment": {
      const rows = await db.segment.findMany({
        where: { workspaceId, archivedAt: null },
        select: { id: true, name: true, kind: true },
        orderBy: { name: "asc" },
        take: LIMIT + 1,
      });
      return finish(rows.map((r) => ({ value: r.id, label: r.kind === "STATIC" ? `${r.name} (static)` : r.name })));
    }
    case "product": {
      const rows = await db.product.findMany({ where: { workspaceId }, select: { id: true, name: true, externalId: true }, orderBy: { name: "asc" }, take: LIMIT + 1 });
      return finish(rows.map((r) => ({ value: r.id, label: `${r.name} (${r.externalId})` })));
    }
    case "valueCluster": {
      // The latest clusters run's clusters, by number, under the name a marketer gave them or the automatic one.
      const rows = await db.valueCluster.findMany({ where: { workspaceId }, select: { cluster: true, name: true, autoName: true }, orderBy: { cluster: "asc" }, take: LIMIT + 1 });
      return finish(rows.map((r) => ({ value: r.cluster, label: `${r.cluster + 1}. ${r.name ?? r.autoName}` })));
    }
    case "churnRiskBand":
      // The bands the CLV run writes; no need to scan a million rows for three words.
      return finish(CHURN_RISK_BANDS.map((v) => ({ value: v, label: v })));
    case "rfmSegment": {
      // The configured names come first, so they can be picked before the first RFM run.
      const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
      let configured: string[] = [];
      try {
        configured = [...new Set(readRfmSettings(ws?.settings).segments.map((s) => s.segment))];
      } catch {
        configured = [];
      }
      const seen = await strings(SKIP_SCAN.rfmSegment!, workspaceId);
      const all = [...configured, ...seen.filter((s) => !configured.includes(s))];
      return finish(all.map((v) => ({ value: v, label: v })));
    }
    default: {
      const sql = FREQUENT[source] ?? SKIP_SCAN[source];
      if (!sql) return { values: [], truncated: false };
      const values = await strings(sql, workspaceId);
      return finish(values.map((v) => ({ value: v, label: source === "country" ? countryLabel(v) : v })));
    }
  }
}

/** Values that exist in the workspace for a builder picker. */
export async function readFieldValues(workspaceId: number, source: ValueSource): Promise<KnownValues> {
  const cacheable = source !== "segment";
  const key = `${workspaceId}:${source}`;
  const hit = cacheable ? cache.get(key) : undefined;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = await loadFieldValues(workspaceId, source);
  if (cacheable) {
    if (cache.size > 5_000) cache.clear();
    cache.set(key, { at: Date.now(), value });
  }
  return value;
}
