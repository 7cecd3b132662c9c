import type pg from "pg";
import type { CustomerInput } from "../customer.schema.ts";
import { fillStagingTable, type CopyValue } from "./copy-rows.ts";
import { splitAttributes } from "./json-attributes.ts";
import { timestampColumns } from "./timestamp-columns.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { collectOutcomes, type WriteResult } from "./write-result.ts";

// Bit per optional field: set when the input carries the field (even as null),
// so an absent field keeps the stored value and null clears it.
const PRESENT = {
  email: 1,
  phone: 2,
  first_name: 4,
  last_name: 8,
  country: 16,
  city: 32,
  timezone: 64,
  acquisition_channel: 128,
  signed_up_at: 256,
  email_consent: 512,
  sms_consent: 1024,
  push_consent: 2048,
  attributes: 4096,
} as const satisfies Partial<Record<keyof CustomerInput, number>>;

const STAGE_COLUMNS = [
  "seq",
  "external_id",
  "present",
  "email",
  "phone",
  "first_name",
  "last_name",
  "country",
  "city",
  "timezone",
  "acquisition_channel",
  "signed_up_instant",
  "signed_up_local",
  "email_consent",
  "sms_consent",
  "push_consent",
  "attributes",
  "attributes_removed",
] as const;

const STAGE = {
  table: "ingest_customer_stage",
  columnsDdl: `seq int NOT NULL, external_id text NOT NULL, present int NOT NULL,
    email text, phone text, first_name text, last_name text, country text, city text, timezone text,
    acquisition_channel text, signed_up_instant timestamptz, signed_up_local timestamp,
    email_consent boolean, sms_consent boolean, push_consent boolean, attributes jsonb, attributes_removed text[]`,
  columns: STAGE_COLUMNS,
};

function presentMask(row: CustomerInput): number {
  let mask = 0;
  for (const [key, bit] of Object.entries(PRESENT)) {
    if (row[key as keyof typeof PRESENT] !== undefined) mask |= bit;
  }
  return mask;
}

function* stageRows(rows: readonly CustomerInput[]): Generator<CopyValue[]> {
  for (let seq = 0; seq < rows.length; seq++) {
    const r = rows[seq]!;
    const [instant, local] = timestampColumns(r.signed_up_at);
    const [attributes, removed] = splitAttributes(r.attributes);
    yield [
      seq,
      r.external_id,
      presentMask(r),
      r.email,
      r.phone,
      r.first_name,
      r.last_name,
      r.country,
      r.city,
      r.timezone,
      r.acquisition_channel,
      instant,
      local,
      r.email_consent,
      r.sms_consent,
      r.push_consent,
      attributes,
      removed,
    ];
  }
}

// The bit numbers in the SQL are PRESENT's. Later rows for the same external id win (DISTINCT ON ... seq DESC). Values
// are merged with the stored row in SELECT, so ON CONFLICT can take EXCLUDED
// whole, and the WHERE skips rows that would not change (no write, no
// updated_at bump, counted as unchanged).
const UPSERT_SQL = `
WITH src AS (
  SELECT DISTINCT ON (external_id) * FROM ingest_customer_stage ORDER BY external_id, seq DESC
), merged AS (
  SELECT s.external_id,
    CASE WHEN (s.present & 1) <> 0 THEN s.email ELSE e.email END AS email,
    CASE WHEN (s.present & 2) <> 0 THEN s.phone ELSE e.phone END AS phone,
    CASE WHEN (s.present & 4) <> 0 THEN s.first_name ELSE e.first_name END AS first_name,
    CASE WHEN (s.present & 8) <> 0 THEN s.last_name ELSE e.last_name END AS last_name,
    CASE WHEN (s.present & 16) <> 0 THEN s.country ELSE e.country END AS country,
    CASE WHEN (s.present & 32) <> 0 THEN s.city ELSE e.city END AS city,
    CASE WHEN (s.present & 64) <> 0 THEN s.timezone ELSE e.timezone END AS timezone,
    CASE WHEN (s.present & 128) <> 0 THEN s.acquisition_channel ELSE e.acquisition_channel END AS acquisition_channel,
    CASE WHEN (s.present & 256) <> 0 THEN COALESCE(s.signed_up_instant, s.signed_up_local AT TIME ZONE $2::text) ELSE e.signed_up_at END AS signed_up_at,
    CASE WHEN (s.present & 512) <> 0 THEN COALESCE(s.email_consent, false) ELSE COALESCE(e.email_consent, false) END AS email_consent,
    CASE WHEN (s.present & 1024) <> 0 THEN COALESCE(s.sms_consent, false) ELSE COALESCE(e.sms_consent, false) END AS sms_consent,
    CASE WHEN (s.present & 2048) <> 0 THEN COALESCE(s.push_consent, false) ELSE COALESCE(e.push_consent, false) END AS push_consent,
    CASE WHEN (s.present & 4096) <> 0 AND s.attributes IS NOT NULL
      THEN (COALESCE(e.attributes, '{}'::jsonb) || s.attributes) - COALESCE(s.attributes_removed, '{}'::text[])
      ELSE COALESCE(e.attributes, '{}'::jsonb) END AS attributes
  FROM src s
  LEFT JOIN customer e ON e.workspace_id = $1 AND e.external_id = s.external_id
)
INSERT INTO customer AS c (workspace_id, external_id, email, phone, first_name, last_name, country, city, timezone,
  acquisition_channel, signed_up_at, email_consent, sms_consent, push_consent, attributes, updated_at)
SELECT $1, m.external_id, m.email, m.phone, m.first_name, m.last_name, m.country, m.city, m.timezone,
  m.acquisition_channel, m.signed_up_at, m.email_consent, m.sms_consent, m.push_consent, m.attributes, now()
FROM merged m
ORDER BY m.external_id
ON CONFLICT (workspace_id, external_id) DO UPDATE SET
  email = EXCLUDED.email, phone = EXCLUDED.phone, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
  country = EXCLUDED.country, city = EXCLUDED.city, timezone = EXCLUDED.timezone,
  acquisition_channel = EXCLUDED.acquisition_channel, signed_up_at = EXCLUDED.signed_up_at,
  email_consent = EXCLUDED.email_consent, sms_consent = EXCLUDED.sms_consent, push_consent = EXCLUDED.push_consent,
  attributes = EXCLUDED.attributes, updated_at = now()
WHERE (c.email, c.phone, c.first_name, c.last_name, c.country, c.city, c.timezone, c.acquisition_channel,
       c.signed_up_at, c.email_consent, c.sms_consent, c.push_consent, c.attributes)
  IS DISTINCT FROM
      (EXCLUDED.email, EXCLUDED.phone, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.country, EXCLUDED.city,
       EXCLUDED.timezone, EXCLUDED.acquisition_channel, EXCLUDED.signed_up_at, EXCLUDED.email_consent,
       EXCLUDED.sms_consent, EXCLUDED.push_consent, EXCLUDED.attributes)
RETURNING c.external_id, (c.xmax = 0) AS inserted`;

/**
 * Upserts validated customers by (workspace, external_id) in one statement:
 * COPY into a temporary staging table, then one INSERT ... SELECT ... ON
 * CONFLICT. Must run inside a transaction (withTransaction); the caller's
 * transaction decides what commits together.
 */
export async function writeCustomers(client: pg.PoolClient, ctx: WorkspaceContext, rows: readonly CustomerInput[]): Promise<WriteResult> {
  if (rows.length === 0) return collectOutcomes([], [], 0);
  await fillStagingTable(client, STAGE, stageRows(rows), rows.length);
  const res = await client.query<{ external_id: string; inserted: boolean }>(UPSERT_SQL, [ctx.workspaceId, ctx.timezone]);
  return collectOutcomes(
    rows.map((r) => r.external_id),
    res.rows,
    rows.length,
  );
}
