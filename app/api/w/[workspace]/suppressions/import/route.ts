// POST /api/w/{workspace}/suppressions/import: a CSV of addresses (multipart/form-data: file, channel, note) onto the suppression list, all or nothing.
import { NextResponse } from "next/server";
import { z } from "zod";
import { importSuppressions } from "@/lib/campaigns/suppressions/import-suppressions";
import { MAX_NOTE_CHARS, suppressionChannelSchema } from "@/lib/campaigns/suppressions/suppression.schema";
import { AppError } from "@/lib/errors";
import { MAX_IMPORT_BYTES } from "@/lib/ingest/imports/limits";
import { withWorkspace } from "@/lib/next/route-wrappers";

const MB = 1024 * 1024;
// Multipart framing around the file: boundaries, headers, the channel and note fields.
const MULTIPART_OVERHEAD = 64 * 1024;

const formFieldsSchema = z.object({
  // Empty: every row names its own channel.
  channel: z.preprocess((value) => (value === "" ? null : value), suppressionChannelSchema.nullable()),
  note: z
    .string()
    .trim()
    .max(MAX_NOTE_CHARS, `A note is at most ${MAX_NOTE_CHARS} characters.`)
    .transform((note) => (note === "" ? null : note)),
});

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export const POST = withWorkspace(
  "settings.manage",
  async (req, access) => {
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
    if (!(file instanceof File)) throw new AppError("VALIDATION", "Choose a CSV file to import.", [{ path: "file", message: "Choose a CSV file to import." }]);
    const fields = formFieldsSchema.parse({ channel: field(form, "channel"), note: field(form, "note") });
    if (file.size > MAX_IMPORT_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${(file.size / MB).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / MB} MB. Split it into several files.`);
    }
    const result = await importSuppressions({
      workspaceId: access.workspace.id,
      actorUserId: access.userId,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      channel: fields.channel,
      note: fields.note,
      signal: req.signal,
    });
    return NextResponse.json(result);
  },
  { bodyTypes: ["multipart/form-data"] },
);
