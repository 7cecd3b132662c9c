import { pool } from "../../db/pool.ts";
import { contactPolicySchema, DEFAULT_CONTACT_POLICY, type ContactPolicy } from "./contact-policy.schema.ts";

/** The workspace's contact policy (defaults when none was saved). */
export async function loadContactPolicy(workspaceId: number): Promise<ContactPolicy> {
  const { rows } = await pool.query<{ config: unknown }>(`SELECT config FROM contact_policy WHERE workspace_id = $1`, [workspaceId]);
  return rows[0] ? contactPolicySchema.parse(rows[0].config) : DEFAULT_CONTACT_POLICY;
}
