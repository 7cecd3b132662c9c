import type pg from "pg";
import { pool } from "../../db/pool.ts";
import { AppError } from "../../errors.ts";
import { renderTemplate, type RenderedMessage } from "./render-template.ts";
import type { PreviewTemplateRequest } from "./preview-template.schema.ts";
import { loadTemplateContexts, type TemplateContext } from "./template-context.ts";
import { templateUsesRecommendations } from "./template-uses-recommendations.ts";
import { isTemplateRenderError, type TemplateIssue } from "./template-issue.ts";
import { validateTemplate } from "./validate-template.ts";

export interface PreviewCustomer {
  id: string;
  externalId: string;
}

/**
 * What the editor's preview answers:
 * - invalid: the template would be refused at save (each issue with its place);
 * - rendered: the message as the chosen customer would get it;
 * - failed: the template is valid but does not render for this customer (an
 *   attribute they lack); a send would record this on their message.
 */
export type TemplatePreview =
  | { status: "invalid"; issues: TemplateIssue[] }
  | { status: "rendered"; customer: PreviewCustomer; rendered: RenderedMessage }
  | { status: "failed"; customer: PreviewCustomer; issues: [TemplateIssue] };

/** Placeholder links, recognisable as such: a preview is never a send, so nothing is signed or tracked. */
export function previewLinks(origin: string): TemplateContext["links"] {
  return {
    unsubscribe: `${origin}/preview/unsubscribe`,
    preferences: `${origin}/preview/preferences`,
    view_in_browser: `${origin}/preview/view-in-browser`,
  };
}

const PREVIEW_CAMPAIGN_NAME = "Campaign name (preview)";

async function chooseCustomer(client: Pick<pg.PoolClient, "query">, workspaceId: number, request: PreviewTemplateRequest): Promise<PreviewCustomer> {
  const select = "SELECT id::text AS id, external_id FROM customer WHERE workspace_id = $1::int4";
  const res =
    request.customerId !== undefined
      ? await client.query<{ id: string; external_id: string }>(`${select} AND id = $2::int8`, [workspaceId, request.customerId])
      : request.customerExternalId !== undefined
        ? await client.query<{ id: string; external_id: string }>(`${select} AND external_id = $2::text`, [workspaceId, request.customerExternalId])
        : await client.query<{ id: string; external_id: string }>(`${select} ORDER BY id LIMIT 1`, [workspaceId]);
  const row = res.rows[0];
  if (row) return { id: row.id, externalId: row.external_id };
  if (request.customerId !== undefined) throw new AppError("NOT_FOUND", `No customer with id ${request.customerId} in this workspace.`);
  if (request.customerExternalId !== undefined) throw new AppError("NOT_FOUND", `No customer with external id ${JSON.stringify(request.customerExternalId)} in this workspace.`);
  throw new AppError("NOT_FOUND", "This workspace has no customers yet, so there is no one to preview for. Import customers (Data import) first.");
}

/**
 * The editor's live preview: validates the template as a save would, then
 * renders it for a real customer of the workspace with placeholder links.
 */
export async function previewTemplate(
  workspaceId: number,
  request: PreviewTemplateRequest,
  options: { origin: string; client?: Pick<pg.PoolClient, "query"> },
): Promise<TemplatePreview> {
  const issues = validateTemplate(request.content);
  if (issues.length > 0) return { status: "invalid", issues };
  const client = options.client ?? pool;
  const customer = await chooseCustomer(client, workspaceId, request);
  const loaded = (await loadTemplateContexts(client, workspaceId, [customer.id], { recommendations: templateUsesRecommendations(request.content) })).get(customer.id);
  // Deleted between the two reads: the same answer as never found.
  if (!loaded) throw new AppError("NOT_FOUND", `No customer with id ${customer.id} in this workspace.`);
  const context: TemplateContext = { ...loaded, links: previewLinks(options.origin), campaign: { name: request.campaignName ?? PREVIEW_CAMPAIGN_NAME } };
  try {
    return { status: "rendered", customer, rendered: renderTemplate(request.content, context) };
  } catch (err) {
    if (isTemplateRenderError(err)) return { status: "failed", customer, issues: [err.issue] };
    throw err;
  }
}
