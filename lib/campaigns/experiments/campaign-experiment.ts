import type pg from "pg";
import type { ChannelKind } from "../../channels/channel.ts";
import { templateContentSchema } from "../templates/template-content.ts";
import type { ExperimentInput } from "./experiment.schema.ts";

/** A campaign's experiment as stored: its columns and its variants, in order. */
export interface CampaignExperiment extends ExperimentInput {
  salt: string;
}

interface Row {
  salt: string;
  control_percent: number;
  attribution_days: number;
  cost_per_message: string;
  gross_margin_percent: string | null;
  exempt_from_global_control: boolean;
  auto_winner_min_per_variant: number | null;
  auto_winner_metric: "revenue" | "conversion" | null;
}

type Queryable = Pick<pg.PoolClient, "query">;

export async function loadCampaignExperiment(db: Queryable, workspaceId: number, campaignId: number): Promise<CampaignExperiment> {
  const [{ rows }, { rows: variants }] = await Promise.all([
    db.query<Row>(
      `SELECT salt, control_percent, attribution_days, cost_per_message::text, gross_margin_percent::text, exempt_from_global_control,
              auto_winner_min_per_variant, auto_winner_metric
         FROM campaign WHERE id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId],
    ),
    db.query<{ key: string; name: string; weight: number; content: unknown; send_offset_minutes: number }>(
      `SELECT key, name, weight, content, send_offset_minutes FROM campaign_variant WHERE campaign_id = $1 AND workspace_id = $2 ORDER BY position`,
      [campaignId, workspaceId],
    ),
  ]);
  const row = rows[0];
  if (!row) throw new Error(`campaign ${campaignId} not found`);
  return {
    salt: row.salt,
    controlPercent: row.control_percent,
    attributionDays: row.attribution_days,
    costPerMessage: Number(row.cost_per_message),
    grossMarginPercent: row.gross_margin_percent === null ? null : Number(row.gross_margin_percent),
    exemptFromGlobalControl: row.exempt_from_global_control,
    autoWinner:
      row.auto_winner_min_per_variant === null ? null : { minCustomersPerVariant: row.auto_winner_min_per_variant, metric: row.auto_winner_metric ?? "revenue" },
    variants: variants.map((v) => ({
      key: v.key,
      name: v.name,
      weight: v.weight,
      content: v.content === null ? null : templateContentSchema.parse(v.content),
      sendOffsetMinutes: v.send_offset_minutes,
    })),
  };
}

/** Writes the experiment columns and replaces the variants (within the caller's transaction). */
export async function saveCampaignExperiment(client: pg.PoolClient, workspaceId: number, campaignId: number, experiment: ExperimentInput): Promise<void> {
  await client.query(
    `UPDATE campaign SET control_percent = $3, attribution_days = $4, cost_per_message = $5, gross_margin_percent = $6, exempt_from_global_control = $7,
            auto_winner_min_per_variant = $8, auto_winner_metric = $9
      WHERE id = $1 AND workspace_id = $2`,
    [
      campaignId,
      workspaceId,
      experiment.controlPercent,
      experiment.attributionDays,
      experiment.costPerMessage,
      experiment.grossMarginPercent,
      experiment.exemptFromGlobalControl,
      experiment.autoWinner?.minCustomersPerVariant ?? null,
      experiment.autoWinner?.metric ?? null,
    ],
  );
  await client.query(`DELETE FROM campaign_variant WHERE campaign_id = $1 AND workspace_id = $2`, [campaignId, workspaceId]);
  if (experiment.variants.length === 0) return;
  await client.query(
    `INSERT INTO campaign_variant (campaign_id, workspace_id, key, name, position, weight, content, send_offset_minutes)
     SELECT $1, $2, v.key, v.name, v.position, v.weight, nullif(v.content, 'null'::jsonb), v.send_offset_minutes
       FROM jsonb_to_recordset($3::jsonb) AS v(key text, name text, position int, weight int, content jsonb, send_offset_minutes int)`,
    [
      campaignId,
      workspaceId,
      JSON.stringify(experiment.variants.map((v, position) => ({ key: v.key, name: v.name, position, weight: v.weight, content: v.content, send_offset_minutes: v.sendOffsetMinutes }))),
    ],
  );
}

/** The channel each arm sends on: a variant with content of its own may use another channel than the campaign. */
export function variantChannel(campaignChannel: ChannelKind, variant: { content: { channel: string } | null }): ChannelKind {
  return (variant.content?.channel as ChannelKind | undefined) ?? campaignChannel;
}
