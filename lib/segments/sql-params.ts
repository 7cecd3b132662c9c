/**
 * The compiler's parameter binding: every value becomes `$n::type`, with the
 * type from this closed list, so no value from a definition is ever spliced
 * into SQL text.
 */
export type SqlParamType = "int4" | "int8" | "numeric" | "float8" | "text" | "bool" | "date" | "timestamptz" | "jsonb" | "text[]" | "int4[]" | "numeric[]" | "float8[]";

export class SqlParams {
  readonly values: unknown[];

  constructor(values: unknown[] = []) {
    this.values = values;
  }

  add(value: unknown, type: SqlParamType): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** Appends one more bound value to an already compiled query's values. */
export function appendParam(values: unknown[], value: unknown, type: SqlParamType): string {
  values.push(value);
  return `$${values.length}::${type}`;
}
