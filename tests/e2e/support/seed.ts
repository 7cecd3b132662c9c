import { randomUUID } from "node:crypto";
import { withClient } from "./e2e-db.ts";
import { hashPassword } from "../../../lib/auth/password.ts";

/**
 * Per-spec seed factory: a fresh workspace with one user per role and a few
 * customers with orders, written straight to the e2e database so specs run in
 * any order without sharing data.
 */
export interface SeededWorkspace {
  slug: string;
  name: string;
  password: string;
  users: { ADMIN: string; MARKETER: string; ANALYST: string };
  customers: { id: string; externalId: string; email: string; firstName: string; lastName: string }[];
}

const PASSWORD = "e2e-password-123";
let passwordHash: string | undefined;

export async function seedWorkspace(options: { customers?: number } = {}): Promise<SeededWorkspace> {
  passwordHash ??= await hashPassword(PASSWORD);
  const tag = randomUUID().slice(0, 8);
  const slug = `e2e-${tag}`;
  const name = `E2E Shop ${tag}`;
  return withClient(async (c) => {
    const ws = await c.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, $2) RETURNING id`, [slug, name]);
    const workspaceId = ws.rows[0]!.id;
    const users = {} as SeededWorkspace["users"];
    for (const role of ["ADMIN", "MARKETER", "ANALYST"] as const) {
      const email = `${role.toLowerCase()}-${tag}@e2e.test`;
      const id = `u_${role.toLowerCase()}_${tag}`;
      await c.query(`INSERT INTO app_user (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [id, email, `${role.charAt(0)}${role.slice(1).toLowerCase()} ${tag}`, passwordHash]);
      await c.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, $3)`, [workspaceId, id, role]);
      users[role] = email;
    }
    const customers: SeededWorkspace["customers"] = [];
    const n = options.customers ?? 5;
    for (let i = 0; i < n; i++) {
      const externalId = `cust-${tag}-${i}`;
      const email = `shopper${i}-${tag}@example.com`;
      const firstName = ["Ada", "Grace", "Alan", "Edsger", "Barbara"][i % 5]!;
      const lastName = `Tester${i}`;
      const row = await c.query<{ id: string }>(
        `INSERT INTO customer (workspace_id, external_id, email, first_name, last_name, country, email_consent)
         VALUES ($1, $2, $3, $4, $5, 'US', true) RETURNING id::text`,
        [workspaceId, externalId, email, firstName, lastName],
      );
      const id = row.rows[0]!.id;
      for (let k = 0; k <= i % 3; k++) {
        await c.query(
          `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
           VALUES ($1, $2, $3, now() - ($4 || ' days')::interval, $5, 'USD')`,
          [workspaceId, id, `ord-${tag}-${i}-${k}`, String(10 + k * 30), 25 + k * 10],
        );
      }
      customers.push({ id, externalId, email, firstName, lastName });
    }
    return { slug, name, password: PASSWORD, users, customers };
  });
}
