import { db } from "../../db/client.ts";
import { contactPolicySchema, DEFAULT_CONTACT_POLICY, type ContactPolicy } from "./contact-policy.schema.ts";

export interface ContactPolicyView {
  policy: ContactPolicy;
  /** Null while the workspace runs on the defaults (nobody has saved a policy). */
  lastSaved: { at: Date; by: { name: string; email: string } | null } | null;
}

/** What the contact policy page shows: the policy in force and who saved it last. */
export async function getContactPolicyView(workspaceId: number): Promise<ContactPolicyView> {
  const row = await db.contactPolicy.findUnique({ where: { workspaceId }, select: { config: true, updatedAt: true, updatedById: true } });
  if (!row) return { policy: DEFAULT_CONTACT_POLICY, lastSaved: null };
  const by = row.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true, email: true } }) : null;
  return { policy: contactPolicySchema.parse(row.config), lastSaved: { at: row.updatedAt, by } };
}
