import type { ImportKind } from "../db/generated/enums.ts";
import { fieldsFor, normalizeHeader } from "./fields.ts";

/** Target field key → CSV header, as stored in import_job.mapping. */
export type FieldMapping = Record<string, string>;

/**
 * Guesses which CSV column feeds which field. Exact synonym matches win over
 * "header contains a word" matches, and an earlier synonym beats a later one,
 * so "Order ID, Customer ID, Total, Subtotal" maps total to "Total". Each
 * header is used at most once.
 */
export function detectMapping(kind: ImportKind, headers: string[]): FieldMapping {
  const normalized = headers.map(normalizeHeader);
  const candidates: { field: string; header: string; score: number }[] = [];
  const fields = fieldsFor(kind);
  fields.forEach((field, fieldIndex) => {
    normalized.forEach((norm, headerIndex) => {
      const header = headers[headerIndex];
      if (!header || !norm) return;
      const exact = field.synonyms.indexOf(norm);
      if (exact >= 0) {
        candidates.push({ field: field.key, header, score: exact * 100 + fieldIndex });
        return;
      }
      const contains = field.contains?.findIndex((token) => norm.includes(token)) ?? -1;
      if (contains >= 0) candidates.push({ field: field.key, header, score: 100_000 + contains * 100 + fieldIndex });
    });
  });
  candidates.sort((a, b) => a.score - b.score);
  const mapping: FieldMapping = {};
  const usedHeaders = new Set<string>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || usedHeaders.has(c.header)) continue;
    mapping[c.field] = c.header;
    usedHeaders.add(c.header);
  }
  return mapping;
}
