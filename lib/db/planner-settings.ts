import type pg from "pg";

/**
 * Runs one statement under planner settings (enable_mergejoin, …) and puts
 * the previous values back for the statements after it. "transaction" sets
 * them for the transaction only, so an error that aborts it also drops them;
 * "session" is for a dedicated connection outside a transaction (analytics
 * runs), which is discarded if the statement fails.
 */
export async function withPlannerSettings<T>(
  client: Pick<pg.PoolClient, "query">,
  settings: Record<string, string>,
  run: () => Promise<T>,
  scope: "transaction" | "session" = "transaction",
): Promise<T> {
  const local = scope === "transaction";
  const names = Object.keys(settings);
  const before = await client.query<{ name: string; setting: string }>("SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name", [names]);
  for (const [name, value] of Object.entries(settings)) await client.query("SELECT set_config($1, $2, $3)", [name, value, local]);
  const result = await run();
  for (const row of before.rows) await client.query("SELECT set_config($1, $2, $3)", [row.name, row.setting, local]);
  return result;
}
