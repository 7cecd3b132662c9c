// POST /api/w/{workspace}/templates/preview: validates a campaign template and renders it for one real customer (the editor's live preview).
import { NextResponse } from "next/server";
import { previewTemplate } from "@/lib/campaigns/templates/preview-template";
import { MAX_TEMPLATE_PREVIEW_BODY_BYTES, previewTemplateRequestSchema } from "@/lib/campaigns/templates/preview-template.schema";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const POST = withWorkspace(
  "campaigns.write",
  async (req, access, _params, body) =>
    NextResponse.json(await previewTemplate(access.workspace.id, body, { origin: req.nextUrl.origin }), { headers: { "cache-control": "no-store" } }),
  { body: previewTemplateRequestSchema, maxBodyBytes: MAX_TEMPLATE_PREVIEW_BODY_BYTES },
);
