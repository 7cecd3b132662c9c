// A Postgres text[] literal: every element quoted, quotes and backslashes escaped.
function textArrayLiteral(items: string[]): string {
  return `{${items.map((k) => `"${k.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/**
 * Custom attributes as two staging columns: the values to merge (jsonb) and
 * the keys a null value removes (text[]), so the upsert can write
 * `(stored || merged) - removed` for every row at once.
 */
export function splitAttributes(attributes: Record<string, unknown> | undefined): [string | null, string | null] {
  if (attributes === undefined) return [null, null];
  const kept: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null) removed.push(key);
    else kept[key] = value;
  }
  return [JSON.stringify(kept), removed.length > 0 ? textArrayLiteral(removed) : null];
}
