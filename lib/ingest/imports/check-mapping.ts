import type { ImportKind } from "../../db/generated/enums.ts";
import type { FieldMapping } from "../detect-mapping.ts";
import { fieldsFor } from "../fields.ts";
import { IMPORT_KINDS } from "../import-kinds.ts";

/**
 * What is wrong with a mapping, in words for the mapping screen; empty means
 * it can run. Required fields must be mapped, every header must exist, and a
 * column feeds at most one field.
 */
export function mappingProblems(kind: ImportKind, headers: string[], mapping: FieldMapping, attributeColumns: string[]): string[] {
  const problems: string[] = [];
  const fields = fieldsFor(kind);
  const known = new Set(fields.map((f) => f.key));
  const headerSet = new Set(headers);
  const usedBy = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping)) {
    if (!known.has(field)) {
      problems.push(`“${field}” is not a ${IMPORT_KINDS[kind].singular} field.`);
      continue;
    }
    if (!headerSet.has(header)) {
      problems.push(`The file has no column “${header}”.`);
      continue;
    }
    const other = usedBy.get(header);
    if (other) problems.push(`Column “${header}” is mapped to both ${other} and ${field}.`);
    usedBy.set(header, field);
  }
  for (const f of fields) {
    if (f.required && mapping[f.key] === undefined) problems.push(`Choose the column that holds ${f.label} (${f.key}); it is required.`);
  }
  if (!IMPORT_KINDS[kind].keepsAttributes && attributeColumns.length > 0) problems.push(`${IMPORT_KINDS[kind].label} have no custom attributes; extra columns are ignored.`);
  for (const header of attributeColumns) {
    if (!headerSet.has(header)) problems.push(`The file has no column “${header}”.`);
    else if (usedBy.has(header)) problems.push(`Column “${header}” is mapped to ${usedBy.get(header)} and cannot also be an attribute.`);
  }
  return problems;
}
