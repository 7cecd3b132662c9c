import { createHash, randomBytes } from "node:crypto";
import { withClient } from "./e2e-db.ts";
import type { SeededWorkspace } from "./seed.ts";

/**
 * Gives the seeded customers (seedWorkspace with 6 customers) what segment
 * rules look at: countries and RFM segments. Customer i already has
 * (i % 3) + 1 orders in the last 70 days.
 *
 *   i  country  orders  RFM segment
 *   0  US       1       Champions
 *   1  DE       2       Champions
 *   2  FR       3       Loyal
 *   3  DE       1       Lost
 *   4  US       2       Loyal
 *   5  FR       3       At risk
 */
export async function addSegmentData(ws: SeededWorkspace): Promise<void> {
  const countries = ["US", "DE", "FR", "DE", "US", "FR"];
  const rfm = ["Champions", "Champions", "Loyal", "Lost", "Loyal", "At risk"];
  await withClient(async (c) => {
    for (const [i, customer] of ws.customers.entries()) {
      await c.query(`UPDATE customer SET country = $1 WHERE id = $2`, [countries[i], customer.id]);
      await c.query(
        `INSERT INTO customer_metrics (customer_id, workspace_id, order_count, revenue, rfm_segment)
         SELECT id, workspace_id, $2, 100, $3 FROM customer WHERE id = $1`,
        [customer.id, (i % 3) + 1, rfm[i]],
      );
    }
  });
}

/** An API key for the workspace, stored hashed the way lib/auth/api-keys.ts stores it; returns the plaintext. */
export async function addApiKey(slug: string): Promise<string> {
  const plaintext = `vl_live_${randomBytes(32).toString("base64url")}`;
  const hash = createHash("sha256").update(plaintext).digest("hex");
  await withClient((c) =>
    c.query(`INSERT INTO api_key (workspace_id, name, prefix, key_hash, scopes) SELECT id, 'e2e', $2, $3, ARRAY['read'] FROM workspace WHERE slug = $1`, [slug, plaintext.slice(0, 14), hash]),
  );
  return plaintext;
}
