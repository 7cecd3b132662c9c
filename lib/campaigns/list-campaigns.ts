import { pool } from "../db/pool.ts";
import { templateContentSchema } from "./templates/template-content.ts";
import type { CampaignCounts, CampaignDetail, CampaignStatus, CampaignSummary } from "./campaign-views.ts";
import { AppError } from "../errors.ts";
import { INT4_MAX } from "../route-id.ts";
import { loadCampaignExperiment } from "./experiments/campaign-experiment.ts";
import { experimentWarnings } from "./experiments/experiment.schema.ts";

interface Row {
  id: number;
  name: string;
  kind: CampaignSummary["kind"];
  channel: CampaignSummary["channel"];
  status: CampaignStatus;
  segment_id: number | null;
  segment_name: string | null;
  launched_at: Date | null;
  updated_at: Date;
  created_at: Date;
  stats: (Omit<CampaignCounts, "asOf" | "heldOut"> & { held_out: number; refreshed_at: string; last_activity_at: string | null; series: CampaignDetail["series"] }) | null;
}

const SELECT = `
  SELECT c.id, c.name, c.kind::text, c.channel::text, c.status::text, c.segment_id, g.name AS segment_name,
         c.launched_at, c.updated_at, c.created_at, to_jsonb(s) AS stats
    FROM campaign c
    LEFT JOIN segment g ON g.id = c.segment_id
    LEFT JOIN campaign_stats s ON s.campaign_id = c.id`;

const NO_COUNTS: CampaignCounts = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, heldOut: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0, reasons: {}, asOf: null };

function summary(row: Row): CampaignSummary {
  const s = row.stats;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    segment: row.segment_id !== null ? { id: row.segment_id, name: row.segment_name ?? "" } : null,
    counts: s
      ? { queued: s.queued, sending: s.sending, sent: s.sent, failed: s.failed, skipped: s.skipped, heldOut: s.held_out, delivered: s.delivered, opened: s.opened, clicked: s.clicked, bounced: s.bounced, complained: s.complained, unsubscribed: s.unsubscribed, reasons: s.reasons, asOf: new Date(s.refreshed_at).toISOString() }
      : NO_COUNTS,
    lastActivityAt: s?.last_activity_at ? new Date(s.last_activity_at).toISOString() : null,
    launchedAt: row.launched_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export interface CampaignListOptions {
  status?: CampaignStatus;
  /** From a previous page's `next`. */
  after?: string | null;
  limit?: number;
}

/**
 * The workspace's campaigns, most recently changed first, with the counts the
 * campaigns tick keeps (never a count over message rows per view). Keyset
 * pages: `after` is the last row's (updated_at, id).
 */
export async function listCampaigns(workspaceId: number, options: CampaignListOptions = {}): Promise<{ campaigns: CampaignSummary[]; next: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const cursor = decodeCursor(options.after ?? null);
  const { rows } = await pool.query<Row>(
    `${SELECT}
      WHERE c.workspace_id = $1 AND ($2::text IS NULL AND c.status <> 'archived' OR c.status::text = $2)
        AND ($3::timestamptz IS NULL OR (c.updated_at, c.id) < ($3::timestamptz, $4::int4))
      ORDER BY c.updated_at DESC, c.id DESC LIMIT $5`,
    [workspaceId, options.status ?? null, cursor?.at ?? null, cursor?.id ?? null, limit + 1],
  );
  const page = rows.slice(0, limit).map(summary);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  return { campaigns: page, next: last ? encodeCursor(last.updated_at, last.id) : null };
}

export async function getCampaign(workspaceId: number, campaignId: number): Promise<CampaignDetail> {
  const { rows } = await pool.query<Row & { content: unknown; schedule: unknown; policy: unknown; version: number; approved_at: Date | null; completed_at: Date | null }>(
    `SELECT x.*, c.content, c.schedule, c.policy, c.version, c.approved_at, c.completed_at
       FROM (${SELECT} WHERE c.workspace_id = $1 AND c.id = $2) x JOIN campaign c ON c.id = x.id`,
    [workspaceId, campaignId],
  );
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "No such campaign");
  const { salt: _salt, ...experiment } = await loadCampaignExperiment(pool, workspaceId, campaignId);
  return {
    ...summary(row),
    content: templateContentSchema.parse(row.content),
    schedule: row.schedule,
    policy: row.policy,
    version: row.version,
    approvedAt: row.approved_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
    series: row.stats?.series ?? [],
    experiment: { ...experiment, warnings: experimentWarnings(experiment) },
  };
}

function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function isIsoInstant(text: string): boolean {
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === text;
}

function decodeCursor(cursor: string | null): { at: string; id: number } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  // Exactly what encodeCursor writes: Date.parse alone accepts text ("1", "May 5") that Postgres refuses.
  if (!at || !id || !isIsoInstant(at) || !/^[1-9]\d{0,9}$/.test(id) || Number(id) > INT4_MAX) throw new AppError("VALIDATION", "The page cursor is not valid.", [{ path: "after", message: "Use the `next` value of the previous page." }]);
  return { at, id: Number(id) };
}
