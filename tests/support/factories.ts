import { randomUUID } from "node:crypto";
import { db } from "../../lib/db/client.ts";
import type { Role } from "../../lib/db/generated/enums.ts";
import { hashPassword } from "../../lib/auth/password.ts";

/** Small seed factories: each test makes its own workspace so files can run in parallel on one database. */
export async function createWorkspace(overrides: { name?: string; currency?: string; timezone?: string } = {}) {
  const slug = `ws-${randomUUID().slice(0, 12)}`;
  return db.workspace.create({
    data: { slug, name: overrides.name ?? `Workspace ${slug}`, currency: overrides.currency ?? "USD", timezone: overrides.timezone ?? "UTC" },
  });
}

let cachedHash: string | undefined;

export async function createUser(workspaceId: number, role: Role, password = "correct horse battery staple") {
  // Hashing is deliberately slow; reuse one hash for the common password.
  const passwordHash = password === "correct horse battery staple" ? (cachedHash ??= await hashPassword(password)) : await hashPassword(password);
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await db.user.create({ data: { email, name: `${role} user`, passwordHash } });
  await db.membership.create({ data: { workspaceId, userId: user.id, role } });
  return { ...user, password };
}

export async function createCustomer(workspaceId: number, data: { externalId?: string; email?: string; firstName?: string; lastName?: string } = {}) {
  return db.customer.create({
    data: { workspaceId, externalId: data.externalId ?? `c-${randomUUID().slice(0, 8)}`, email: data.email, firstName: data.firstName, lastName: data.lastName },
  });
}
