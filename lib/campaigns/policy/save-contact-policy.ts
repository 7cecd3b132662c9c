import { audit, type AuditMetadata } from "../../audit.ts";
import { requirePermission } from "../../auth/require-permission.ts";
import { withTransaction } from "../../db/transaction.ts";
import { CHANNEL_KINDS } from "./channel-kind-names.ts";
import { contactPolicyFromInput, type ParsedContactPolicyInput } from "./contact-policy-input.schema.ts";
import { contactPolicySchema, DEFAULT_CONTACT_POLICY, type ContactPolicy } from "./contact-policy.schema.ts";

export interface SavedContactPolicy {
  policy: ContactPolicy;
  /** The settings this save changed (`quietHours`, `ratePerSecond.sms`, …); empty when it changed nothing. */
  changed: string[];
}

// pg_advisory_xact_lock(namespace, key) namespace for "saving workspace N's contact policy".
const POLICY_LOCK_NAMESPACE = 7_302;

type Change = { before: AuditMetadata; after: AuditMetadata };

/** Setting by setting, what differs; each channel's send rate counts as a setting of its own. */
export function contactPolicyChanges(before: ContactPolicy, after: ContactPolicy): Record<string, Change> {
  const pairs: [string, AuditMetadata, AuditMetadata][] = [
    ["frequencyCap", before.frequencyCap, after.frequencyCap],
    ["quietHours", before.quietHours, after.quietHours],
    ["expiryHours", before.expiryHours, after.expiryHours],
    ["requireApproval", before.requireApproval, after.requireApproval],
    ...CHANNEL_KINDS.map((channel): [string, AuditMetadata, AuditMetadata] => [`ratePerSecond.${channel}`, before.ratePerSecond[channel] ?? null, after.ratePerSecond[channel] ?? null]),
  ];
  const changes: Record<string, Change> = {};
  for (const [key, was, now] of pairs) if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = { before: was, after: now };
  return changes;
}

/**
 * Replaces the workspace's contact policy (admins only). The audit entry
 * records each changed setting before and after, in the same transaction; a
 * save that changes nothing writes nothing. Planning reads the policy when it
 * decides an occurrence's messages, and workers see a save within seconds
 * (lib/campaigns/delivery/sender-caches.ts).
 */
export async function saveContactPolicy(workspaceId: number, actorUserId: string, input: ParsedContactPolicyInput): Promise<SavedContactPolicy> {
  const next = contactPolicyFromInput(input);
  return withTransaction(async (client) => {
    await requirePermission(workspaceId, actorUserId, "settings.manage", "Only admins can change the contact policy.", client);
    // Saves of one workspace's policy take turns (a row lock cannot cover the first save, when there is no row yet),
    // so each audit entry's "before" is exactly what its save replaced.
    await client.query(`SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, [POLICY_LOCK_NAMESPACE, workspaceId]);
    const current = await client.query<{ config: unknown }>(`SELECT config FROM contact_policy WHERE workspace_id = $1::int4`, [workspaceId]);
    const before = current.rows[0] ? contactPolicySchema.parse(current.rows[0].config) : DEFAULT_CONTACT_POLICY;
    const changes = contactPolicyChanges(before, next);
    const changed = Object.keys(changes);
    if (changed.length === 0) return { policy: before, changed };
    await client.query(
      `INSERT INTO contact_policy (workspace_id, config, updated_by, updated_at) VALUES ($1::int4, $2::jsonb, $3::text, now())
       ON CONFLICT (workspace_id) DO UPDATE SET config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [workspaceId, JSON.stringify(next), actorUserId],
    );
    await audit(client, { workspaceId, actorUserId, action: "settings.contact_policy.update", targetType: "contact_policy", targetId: String(workspaceId), metadata: { changes } });
    return { policy: next, changed };
  });
}
