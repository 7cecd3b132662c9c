// Imports of a workspace: GET the history; POST a CSV upload (multipart/form-data: file, kind) → a draft with its preview.
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { IMPORT_KIND_VALUES } from "@/lib/ingest/import-kinds";
import { createImport } from "@/lib/ingest/imports/create-import";
import { listImports } from "@/lib/ingest/imports/get-import";
import { MAX_IMPORT_BYTES } from "@/lib/ingest/imports/limits";
import { previewImport } from "@/lib/ingest/imports/preview-import";
import { withWorkspace } from "@/lib/next/route-wrappers";

const MB = 1024 * 1024;
// Multipart framing around the file: boundaries, headers, the kind field.
const MULTIPART_OVERHEAD = 64 * 1024;

const kindSchema = z.enum(IMPORT_KIND_VALUES, { error: `Choose what the file contains: ${IMPORT_KIND_VALUES.join(", ")}.` });

export const GET = withWorkspace("data.import", async (_req, access) => {
  return NextResponse.json({ imports: await listImports(access.workspace.id) });
});

export const POST = withWorkspace("data.import", async (req, access) => {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the ${MAX_IMPORT_BYTES / MB} MB limit. Split it into several files.`);
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new AppError("VALIDATION", "Send the file as multipart/form-data with a “file” field.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("VALIDATION", "Choose a CSV file to upload.");
  const kind = kindSchema.parse(String(form.get("kind") ?? "").toUpperCase());
  if (file.size > MAX_IMPORT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${(file.size / MB).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / MB} MB. Split it into several files.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { id } = await createImport({ workspaceId: access.workspace.id, userId: access.userId, kind, fileName: file.name, bytes });
  return NextResponse.json({ id, preview: await previewImport(access.workspace.id, id) }, { status: 201 });
}, { bodyTypes: ["multipart/form-data"] });
