import type pg from "pg";
import type { Role } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";
import { validateTemplate } from "./templates/validate-template.ts";
import type { TemplateContent } from "./templates/template-content.ts";

/** Who acts on a campaign: a signed-in user or an API key, with the role the server resolved. */
export interface CampaignActor {
  userId: string | null;
  apiKeyId?: number | null;
  role: Role;
}

export interface CampaignRow {
  id: number;
  workspace_id: number;
  name: string;
  kind: "broadcast" | "recurring" | "triggered";
  channel: "email" | "webhook" | "sms" | "push";
  status: "draft" | "approved" | "scheduled" | "active" | "paused" | "completed" | "archived";
  segment_id: number | null;
  content: unknown;
  schedule: unknown;
  policy: unknown;
  version: number;
  approved_at: Date | null;
  launched_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Reads a campaign of the workspace (optionally locking it), or NOT_FOUND: another workspace's id looks the same as none. */
export async function readCampaign(client: pg.PoolClient, workspaceId: number, campaignId: number, lock = false): Promise<CampaignRow> {
  const { rows } = await client.query<CampaignRow>(
    `SELECT id, workspace_id, name, kind::text, channel::text, status::text, segment_id, content, schedule, policy, version,
            approved_at, launched_at, completed_at, created_at, updated_at
       FROM campaign WHERE id = $1 AND workspace_id = $2 ${lock ? "FOR UPDATE" : ""}`,
    [campaignId, workspaceId],
  );
  if (!rows[0]) throw new AppError("NOT_FOUND", "No such campaign");
  return rows[0];
}

/** Refuses a template that does not parse or uses unknown variables, naming field, line and column. */
export function assertValidTemplate(content: TemplateContent, path = "content"): void {
  const issues = validateTemplate(content);
  if (issues.length === 0) return;
  throw new AppError(
    "VALIDATION",
    `The template has ${issues.length === 1 ? "a problem" : `${issues.length} problems`}: ${issues[0]!.message}`,
    issues.map((i) => ({ path: `${path}.${i.field}`, message: `Line ${i.line}, column ${i.column}: ${i.message}`, line: i.line, column: i.column })),
  );
}

/** The campaign's template and each variant's own, each refused at its own path. */
export function assertValidTemplates(input: { content: TemplateContent; experiment: { variants: { content: TemplateContent | null }[] } }): void {
  assertValidTemplate(input.content);
  input.experiment.variants.forEach((v, i) => {
    if (v.content) assertValidTemplate(v.content, `experiment.variants.${i}.content`);
  });
}

/** The segment must belong to the workspace and not be archived. */
export async function assertUsableSegment(client: pg.PoolClient, workspaceId: number, segmentId: number, path: string): Promise<void> {
  const { rows } = await client.query<{ archived: boolean }>(`SELECT archived_at IS NOT NULL AS archived FROM segment WHERE id = $1 AND workspace_id = $2`, [segmentId, workspaceId]);
  if (!rows[0]) throw new AppError("VALIDATION", "That segment does not exist in this workspace.", [{ path, message: "Choose one of this workspace's segments." }]);
  if (rows[0].archived) throw new AppError("VALIDATION", "That segment is archived.", [{ path, message: "Choose an active segment." }]);
}
