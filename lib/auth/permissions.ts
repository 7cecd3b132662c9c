import type { Role } from "../db/generated/enums.ts";

/**
 * Every action the product guards, and which roles may take it. This table is
 * the single place access is decided; pages, server actions and API routes ask
 * `can` (through requireAccess), the UI only hides what the server refuses.
 */
export const ACTIONS = [
  "workspace.read",
  "customers.read",
  "customers.write",
  "data.import",
  "segments.read",
  "segments.write",
  "campaigns.read",
  "campaigns.write",
  "campaigns.approve",
  "analytics.read",
  "analytics.run",
  "clusters.rename",
  "jobs.read",
  "jobs.manage",
  "settings.manage",
  "users.manage",
  "apikeys.manage",
] as const;

export type Action = (typeof ACTIONS)[number];

const ALL: readonly Role[] = ["ADMIN", "MARKETER", "ANALYST"];

const MATRIX: Record<Action, readonly Role[]> = {
  "workspace.read": ALL,
  "customers.read": ALL,
  "customers.write": ["ADMIN", "MARKETER"],
  "data.import": ["ADMIN", "MARKETER"],
  "segments.read": ALL,
  // Analysts build segments too; they cannot send anything.
  "segments.write": ALL,
  "campaigns.read": ALL,
  "campaigns.write": ["ADMIN", "MARKETER"],
  "campaigns.approve": ["ADMIN"],
  "analytics.read": ALL,
  "analytics.run": ["ADMIN", "ANALYST"],
  // Cluster names are the words campaigns are planned in: the marketers' call.
  "clusters.rename": ["ADMIN", "MARKETER"],
  "jobs.read": ALL,
  // Retrying a failed job runs work again for the whole workspace (an import, a refresh).
  "jobs.manage": ["ADMIN"],
  "settings.manage": ["ADMIN"],
  "users.manage": ["ADMIN"],
  "apikeys.manage": ["ADMIN"],
};

export function can(role: Role, action: Action): boolean {
  return MATRIX[action].includes(role);
}

export function rolesFor(action: Action): readonly Role[] {
  return MATRIX[action];
}
