import type { ClvModels } from "./clv-models.ts";

/** The production model maths from lib/analytics/btyd. */
export async function defaultClvModels(): Promise<ClvModels> {
  throw new Error("The CLV model library (lib/analytics/btyd) is not available yet.");
}
