import path from "node:path";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datamodelFromSchema, findSchemaDrift } from "../../lib/db/schema-drift.ts";

const schemaPath = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
let client: pg.Client;
let schema: string;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  schema = await readFile(schemaPath, "utf8");
});
afterAll(async () => {
  await client.end();
});

describe("schema.prisma and prisma/migrations", () => {
  it("describe the same database", async () => {
    expect(await findSchemaDrift(client, datamodelFromSchema(schema))).toEqual([]);
  });

  it("would catch a model column that no migration creates", async () => {
    const drifted = schema.replace(/model Customer \{/, "model Customer {\n  loyaltyPoints Int @map(\"loyalty_points\")");
    const problems = await findSchemaDrift(client, datamodelFromSchema(drifted));
    expect(problems).toContain('Customer.loyaltyPoints: column "customer"."loyalty_points" is missing in the database');
  });

  it("would catch a wrong type, a wrong nullability, a missing index and an unknown table", async () => {
    const drifted = schema
      .replace('total       Decimal  @db.Decimal(14, 2)', 'total       Float')
      .replace('email              String?', 'email              String')
      .replace("@@index([workspaceId, placedAt])", "@@index([workspaceId, placedAt, channel])")
      .concat('\nmodel Ghost {\n  id Int @id\n  @@map("ghost")\n}\n');
    const problems = await findSchemaDrift(client, datamodelFromSchema(drifted));
    expect(problems).toEqual(
      expect.arrayContaining([
        "Order.total: database type numeric(14,2), schema expects double precision",
        "Customer.email: database column is nullable, schema says required",
        "Order: index (workspace_id, placed_at, channel) missing in the database",
        'model Ghost: table "ghost" is missing in the database',
      ]),
    );
  });
});
