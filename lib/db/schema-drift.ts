import { readFile } from "node:fs/promises";
import wasm from "@prisma/prisma-schema-wasm";
import type pg from "pg";

/**
 * Compares what schema.prisma describes with what the migrations actually built
 * in a live database: tables, columns, types, nullability, enums, primary keys,
 * unique constraints and indexes. Returns human-readable differences; empty
 * means they agree. Used by the schema-drift test and `npm run db:check`.
 */

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueIndexes: { fields: string[] }[];
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}
export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

export function datamodelFromSchema(schema: string): Datamodel {
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: schema }))) as { datamodel: Datamodel };
  return dmmf.datamodel;
}

export async function datamodelFromFile(path: string): Promise<Datamodel> {
  return datamodelFromSchema(await readFile(path, "utf8"));
}

/** The Postgres type (as format_type prints it) a Prisma field maps to. */
export function expectedColumnType(field: DmmfField, enums: DmmfEnum[]): string {
  if (field.kind === "enum") {
    const e = enums.find((x) => x.name === field.type);
    return `"${e?.dbName ?? field.type}"`;
  }
  const native = field.nativeType;
  if (native) {
    const [name, args] = native;
    switch (name) {
      case "Timestamptz":
        return `timestamp(${args[0] ?? 6}) with time zone`;
      case "Timestamp":
        return `timestamp(${args[0] ?? 6}) without time zone`;
      case "Char":
        return `character(${args[0] ?? 1})`;
      case "VarChar":
        return args[0] ? `character varying(${args[0]})` : "character varying";
      case "Decimal":
        return `numeric(${args.join(",")})`;
      case "SmallInt":
        return "smallint";
      case "Text":
        return "text";
      default:
        return name.toLowerCase();
    }
  }
  const defaults: Record<string, string> = {
    String: "text",
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    Decimal: "numeric(65,30)",
    Boolean: "boolean",
    DateTime: "timestamp(3) without time zone",
    Json: "jsonb",
    Bytes: "bytea",
  };
  return defaults[field.type] ?? `unknown(${field.type})`;
}

interface DbColumn {
  table_name: string;
  column_name: string;
  type: string;
  not_null: boolean;
}

export async function findSchemaDrift(client: pg.ClientBase, datamodel: Datamodel): Promise<string[]> {
  const problems: string[] = [];
  const cols = await client.query<DbColumn>(`
    SELECT c.relname AS table_name, a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`);
  const byTable = new Map<string, Map<string, DbColumn>>();
  for (const col of cols.rows) {
    if (!byTable.has(col.table_name)) byTable.set(col.table_name, new Map());
    byTable.get(col.table_name)?.set(col.column_name, col);
  }

  const enumRows = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`);
  const dbEnums = new Map(enumRows.rows.map((r) => [r.name, r.values]));
  for (const e of datamodel.enums) {
    const name = e.dbName ?? e.name;
    const want = e.values.map((v) => v.dbName ?? v.name);
    const got = dbEnums.get(name);
    if (!got) problems.push(`enum ${name}: missing in database`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`enum ${name}: database has [${got.join(", ")}], schema has [${want.join(", ")}]`);
  }

  // Index definitions as ordered column lists, with whether they are unique / primary.
  const idx = await client.query<{ table_name: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(`
    SELECT t.relname AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
           array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'`);
  const hasIndex = (table: string, columns: string[], kind: "primary" | "unique" | "any") =>
    idx.rows.some(
      (r) =>
        r.table_name === table &&
        JSON.stringify(r.columns) === JSON.stringify(columns) &&
        (kind === "any" || (kind === "primary" ? r.is_primary : r.is_unique)),
    );

  const modelTables = new Set<string>();
  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    modelTables.add(table);
    const dbCols = byTable.get(table);
    if (!dbCols) {
      problems.push(`model ${model.name}: table "${table}" is missing in the database`);
      continue;
    }
    const colName = (fieldName: string) => {
      const f = model.fields.find((x) => x.name === fieldName);
      return f?.dbName ?? fieldName;
    };
    const scalarFields = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    const expectedCols = new Set<string>();
    for (const f of scalarFields) {
      const column = f.dbName ?? f.name;
      expectedCols.add(column);
      const dbCol = dbCols.get(column);
      if (!dbCol) {
        problems.push(`${model.name}.${f.name}: column "${table}"."${column}" is missing in the database`);
        continue;
      }
      const wantType = expectedColumnType(f, datamodel.enums) + (f.isList ? "[]" : "");
      if (dbCol.type !== wantType) problems.push(`${model.name}.${f.name}: database type ${dbCol.type}, schema expects ${wantType}`);
      if (dbCol.not_null !== f.isRequired) {
        problems.push(`${model.name}.${f.name}: database column is ${dbCol.not_null ? "NOT NULL" : "nullable"}, schema says ${f.isRequired ? "required" : "optional"}`);
      }
    }
    for (const column of dbCols.keys()) {
      if (!expectedCols.has(column)) problems.push(`${model.name}: database column "${table}"."${column}" is not in schema.prisma`);
    }
    const pk = model.primaryKey?.fields ?? scalarFields.filter((f) => f.isId).map((f) => f.name);
    if (pk.length && !hasIndex(table, pk.map(colName), "primary")) problems.push(`${model.name}: primary key (${pk.join(", ")}) missing in the database`);
    for (const f of scalarFields.filter((x) => x.isUnique)) {
      if (!hasIndex(table, [colName(f.name)], "unique")) problems.push(`${model.name}.${f.name}: unique index missing in the database`);
    }
    for (const u of model.uniqueIndexes) {
      if (!hasIndex(table, u.fields.map(colName), "unique")) problems.push(`${model.name}: unique (${u.fields.join(", ")}) missing in the database`);
    }
    for (const index of datamodel.indexes.filter((i) => i.model === model.name && i.type === "normal")) {
      const columns = index.fields.map((f) => colName(f.name));
      if (!hasIndex(table, columns, "any")) problems.push(`${model.name}: index (${columns.join(", ")}) missing in the database`);
    }
  }
  for (const table of byTable.keys()) {
    if (table !== "_prisma_migrations" && !modelTables.has(table)) problems.push(`table "${table}" exists in the database but no model maps to it`);
  }
  return problems;
}
