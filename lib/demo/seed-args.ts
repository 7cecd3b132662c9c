import { parseArgs } from "node:util";
import { z } from "zod";
import type { SeedDemoOptions } from "./seed-demo.ts";

export const SEED_USAGE =
  "usage: npm run db:seed -- [--customers N] [--seed S] [--workspace SLUG] [--as-of YYYY-MM-DD] [--reset] [--no-northwind]";

const argsSchema = z.object({
  customers: z.coerce.number().int().min(0).max(20_000_000).default(50_000),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER - 1).default(42),
  workspace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "workspace slug: lower-case letters, digits and dashes")
    .default("demo"),
  "as-of": z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "as-of must be YYYY-MM-DD")
    .refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()), "as-of is not a valid date")
    .optional(),
  reset: z.boolean().default(false),
  "no-northwind": z.boolean().default(false),
});

/** Parses `npm run db:seed` arguments into seedDemo options; throws with a readable message. */
export function parseSeedArgs(argv: readonly string[]): Omit<SeedDemoOptions, "log"> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      customers: { type: "string" },
      seed: { type: "string" },
      workspace: { type: "string" },
      "as-of": { type: "string" },
      reset: { type: "boolean" },
      "no-northwind": { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}\n${SEED_USAGE}`);
  }
  const a = parsed.data;
  return {
    customers: a.customers,
    seed: a.seed,
    workspace: a.workspace,
    asOf: a["as-of"],
    reset: a.reset,
    northwind: a["no-northwind"] ? false : undefined,
  };
}
