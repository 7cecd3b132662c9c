import { hashPassword } from "../auth/password.ts";
import { db } from "../db/client.ts";
import type { Role } from "../db/generated/enums.ts";
import { DEMO_LOGINS } from "./demo-logins.ts";
import type { GenerativeParameters } from "./generative-model.ts";
import { loadDemoData, type DemoDataCounts, type LoadDemoDataResult } from "./load-demo-data.ts";
import { resetWorkspaceData } from "./reset-workspace-data.ts";
import { demoAsOf, type MarketName } from "./simulation-context.ts";

export { DEMO_LOGINS, type DemoLogin } from "./demo-logins.ts";

/**
 * `npm run db:seed` and `npm run demo`: the demo workspace ("demo", Acme
 * Outfitters) with one user per role, plus a small second workspace
 * ("northwind", where only the admin is a member) so tenant isolation can be
 * shown. Idempotent: a workspace that already has customers is left alone
 * unless `reset` is set, which deletes its business rows and loads afresh.
 */

export interface SeedDemoOptions {
  /** Customers in the target workspace. */
  customers: number;
  /** PRNG seed: the same seed (and as-of date and size) gives the same data. */
  seed: number;
  /** Target workspace slug (default "demo"). */
  workspace?: string;
  /** Display name when the target workspace is created (default from the slug; "demo" is "Acme Outfitters"). */
  workspaceName?: string;
  /** End of the simulated history (exclusive, midnight UTC of that date); default today. */
  asOf?: Date | string;
  reset?: boolean;
  /** Also seed "northwind" (default: only when the target is "demo"). */
  northwind?: boolean;
  northwindCustomers?: number;
  chunkCustomers?: number;
  /** See LoadDemoDataInput.foreignKeyChecks (default "auto"). */
  foreignKeyChecks?: "auto" | "per-row";
  /** Generative parameters of the target workspace (default DEFAULT_PARAMETERS; northwind always uses the default). */
  params?: GenerativeParameters;
  log?: (line: string) => void;
}

export interface WorkspaceSeedResult {
  slug: string;
  workspaceId: number;
  /** "loaded": data written; "skipped": the workspace already had customers. */
  status: "loaded" | "skipped";
  counts: DemoDataCounts | null;
  foreignKeys: LoadDemoDataResult["foreignKeys"] | null;
  phasesMs: LoadDemoDataResult["phasesMs"] | null;
  loadBreakdownMs: LoadDemoDataResult["loadBreakdownMs"] | null;
}

export interface SeedDemoResult {
  asOf: Date;
  workspaces: WorkspaceSeedResult[];
}

interface WorkspaceSpec {
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  market: MarketName;
  utcOffsetHours: number;
  customers: number;
  seed: number;
  roles: readonly Role[];
  params?: GenerativeParameters;
}

const DEFAULT_NORTHWIND_CUSTOMERS = 300;

function titleFromSlug(slug: string): string {
  return slug
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(" ");
}

async function ensureDemoUsers(resetPasswords: boolean): Promise<Map<Role, string>> {
  const emails = DEMO_LOGINS.map((l) => l.email);
  const existing = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  const have = new Set(existing.map((u) => u.email));
  const missing = DEMO_LOGINS.filter((l) => !have.has(l.email));
  if (missing.length > 0) {
    const data = await Promise.all(
      missing.map(async (l) => ({ email: l.email, name: l.name, passwordHash: await hashPassword(l.password) })),
    );
    // A concurrent seed may create the same users: let the unique email decide.
    await db.user.createMany({ data, skipDuplicates: true });
  }
  if (resetPasswords) {
    for (const l of DEMO_LOGINS.filter((login) => have.has(login.email))) {
      await db.user.update({ where: { email: l.email }, data: { passwordHash: await hashPassword(l.password) } });
    }
  }
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  const byRole = new Map<Role, string>();
  for (const l of DEMO_LOGINS) {
    const user = users.find((u) => u.email === l.email);
    if (!user) throw new Error(`demo user ${l.email} was not created`);
    byRole.set(l.role, user.id);
  }
  return byRole;
}

async function ensureWorkspace(spec: WorkspaceSpec, users: Map<Role, string>): Promise<{ id: number; currency: string }> {
  const workspace = await db.workspace.upsert({
    where: { slug: spec.slug },
    create: { slug: spec.slug, name: spec.name, currency: spec.currency, timezone: spec.timezone },
    update: {},
    select: { id: true, currency: true },
  });
  await db.membership.createMany({
    data: spec.roles.map((role) => ({ workspaceId: workspace.id, userId: users.get(role) ?? "", role })),
    skipDuplicates: true,
  });
  return workspace;
}

async function loadWorkspace(
  spec: WorkspaceSpec,
  workspace: { id: number; currency: string },
  options: SeedDemoOptions,
  asOf: Date,
  log: (line: string) => void,
): Promise<WorkspaceSeedResult> {
  const skipped: WorkspaceSeedResult = {
    slug: spec.slug,
    workspaceId: workspace.id,
    status: "skipped",
    counts: null,
    foreignKeys: null,
    phasesMs: null,
    loadBreakdownMs: null,
  };
  const hasCustomers = await db.customer.findFirst({ where: { workspaceId: workspace.id }, select: { id: true } });
  if (hasCustomers) {
    log(`${spec.slug}: already has customers; nothing to do (use --reset to reload)`);
    return skipped;
  }
  log(`${spec.slug}: generating ${spec.customers.toLocaleString("en-US")} customers (seed ${spec.seed}, history to ${asOf.toISOString().slice(0, 10)})`);
  const result = await loadDemoData({
    workspaceId: workspace.id,
    currency: workspace.currency,
    simulation: {
      seed: spec.seed,
      customers: spec.customers,
      asOf,
      market: spec.market,
      workspaceUtcOffsetHours: spec.utcOffsetHours,
      params: spec.params,
    },
    chunkCustomers: options.chunkCustomers,
    foreignKeyChecks: options.foreignKeyChecks,
    log: (line) => log(`${spec.slug}: ${line}`),
  });
  if (!result.loaded) {
    log(`${spec.slug}: another seed loaded this workspace first; nothing to do`);
    return skipped;
  }
  log(`${spec.slug}: done in ${(result.phasesMs.total / 1000).toFixed(1)} s`);
  return {
    ...skipped,
    status: "loaded",
    counts: result.counts,
    foreignKeys: result.foreignKeys,
    phasesMs: result.phasesMs,
    loadBreakdownMs: result.loadBreakdownMs,
  };
}

export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const log = options.log ?? (() => undefined);
  if (!Number.isSafeInteger(options.customers) || options.customers < 0) throw new Error("customers must be a non-negative integer");
  const asOf = demoAsOf(options.asOf ?? new Date());
  const slug = options.workspace ?? "demo";
  const isDemo = slug === "demo";
  const specs: WorkspaceSpec[] = [
    {
      slug,
      name: options.workspaceName ?? (isDemo ? "Acme Outfitters" : titleFromSlug(slug)),
      currency: "USD",
      timezone: "America/New_York",
      market: "us",
      utcOffsetHours: -5,
      customers: options.customers,
      seed: options.seed,
      roles: ["ADMIN", "MARKETER", "ANALYST"],
      params: options.params,
    },
  ];
  if (options.northwind ?? isDemo) {
    specs.push({
      slug: "northwind",
      name: "Northwind Traders",
      currency: "EUR",
      timezone: "Europe/Berlin",
      market: "eu",
      utcOffsetHours: 1,
      customers: options.northwindCustomers ?? DEFAULT_NORTHWIND_CUSTOMERS,
      seed: options.seed + 1,
      roles: ["ADMIN"],
    });
  }

  const users = await ensureDemoUsers(options.reset ?? false);
  const targets: { spec: WorkspaceSpec; workspace: { id: number; currency: string } }[] = [];
  for (const spec of specs) targets.push({ spec, workspace: await ensureWorkspace(spec, users) });
  if (options.reset) {
    // Every reset before any load, the big main workspace first: deleting a workspace's customers
    // is slow while other workspaces still hold many orders (see reset-workspace-data.ts).
    for (const { spec, workspace } of targets) {
      log(`${spec.slug}: deleting existing business rows`);
      const started = performance.now();
      await resetWorkspaceData(workspace.id, (line) => log(`${spec.slug}: ${line}`));
      log(`${spec.slug}: reset done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const workspaces: WorkspaceSeedResult[] = [];
  for (const { spec, workspace } of targets) workspaces.push(await loadWorkspace(spec, workspace, options, asOf, log));
  return { asOf, workspaces };
}
