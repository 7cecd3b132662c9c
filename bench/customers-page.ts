// Customers page at scale: the list query (first page, a deep keyset page,
// contains-search, exact-id search) and, when BENCH_APP_URL is set, the whole
// page over HTTP as a signed-in user. `npx tsx bench/customers-page.ts`
import { BENCH_DATABASE_URL, formatTiming, measure } from "./support.ts";

process.env.DATABASE_URL = BENCH_DATABASE_URL;
const { db } = await import("../lib/db/client.ts");
const { listCustomers, countCustomers } = await import("../lib/customers/list-customers.ts");

const slug = process.env.BENCH_WORKSPACE ?? "demo";
const ws = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
const total = await countCustomers(ws.id);
console.log(`workspace ${slug}: ${total.toLocaleString("en-US")} customers`);

// A cursor ~100 pages deep, and a real email fragment and id to search for.
let cursor: string | undefined;
for (let i = 0; i < 100; i++) cursor = (await listCustomers({ workspaceId: ws.id, after: cursor })).nextCursor ?? cursor;
const sample = await db.customer.findFirstOrThrow({ where: { workspaceId: ws.id, email: { not: null } }, select: { email: true, externalId: true }, orderBy: { id: "asc" } });
const fragment = sample.email!.split("@")[0]!.slice(0, 8);

console.log(formatTiming("count customers", await measure(() => countCustomers(ws.id))));
console.log(formatTiming("first page (50)", await measure(() => listCustomers({ workspaceId: ws.id }))));
console.log(formatTiming("page 101 by keyset cursor", await measure(() => listCustomers({ workspaceId: ws.id, after: cursor }))));
console.log(formatTiming(`search contains "${fragment}"`, await measure(() => listCustomers({ workspaceId: ws.id, query: fragment }))));
console.log(formatTiming("search rare term (no match)", await measure(() => listCustomers({ workspaceId: ws.id, query: "zzqxv-nobody" }))));
console.log(formatTiming("search exact customer id", await measure(() => listCustomers({ workspaceId: ws.id, query: sample.externalId }))));

const appUrl = process.env.BENCH_APP_URL;
if (appUrl) {
  const email = process.env.BENCH_EMAIL ?? "analyst@valueloop.dev";
  const password = process.env.BENCH_PASSWORD ?? "valueloop-demo";
  const csrfRes = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const login = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = [csrfCookie, ...login.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  const get = async (path: string) => {
    const res = await fetch(`${appUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    await res.text();
  };
  console.log(formatTiming("HTTP GET customers page", await measure(() => get(`/w/${slug}/customers`))));
  console.log(formatTiming("HTTP GET customers page 101", await measure(() => get(`/w/${slug}/customers?after=${cursor}`))));
  console.log(formatTiming(`HTTP GET customers search "${fragment}"`, await measure(() => get(`/w/${slug}/customers?q=${encodeURIComponent(fragment)}`))));
}
await db.$disconnect();
process.exit(0);
