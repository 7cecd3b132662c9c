import { isAppError } from "../../errors.ts";
import { getImport, getImportErrors, type ImportSummary } from "./get-import.ts";
import { previewImport, type ImportPreview } from "./preview-import.ts";
import type { RowError } from "./row-converter.ts";

/** Rejected cells shown on an import's page; the CSV download has them all. */
const ERRORS_SHOWN = 100;

/** What one import's page shows: the mapping step, an upload that cannot be read, or the run's progress and outcome. */
export type ImportPageData =
  | { step: "mapping"; summary: ImportSummary; preview: ImportPreview }
  | { step: "unreadable"; summary: ImportSummary; reason: string }
  | { step: "progress"; summary: ImportSummary; errors: RowError[] };

/**
 * Everything an import's page renders, bounded whatever the file: the preview
 * carries at most the column limit and cut texts, and a draft that cannot be
 * previewed (one stored over the shape limits before they were checked)
 * becomes a page that says why and offers to delete it, not an error page.
 * NOT_FOUND for another workspace's id.
 */
export async function loadImportPage(workspaceId: number, importJobId: number): Promise<ImportPageData> {
  const summary = await getImport(workspaceId, importJobId);
  if (!summary.draft) return { step: "progress", summary, errors: await getImportErrors(workspaceId, importJobId, ERRORS_SHOWN) };
  try {
    return { step: "mapping", summary, preview: await previewImport(workspaceId, importJobId) };
  } catch (err) {
    if (isAppError(err) && err.code === "VALIDATION") return { step: "unreadable", summary, reason: err.message };
    throw err;
  }
}
