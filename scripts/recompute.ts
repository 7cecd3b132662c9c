// `npx tsx scripts/recompute.ts --workspace SLUG [--if-never-run]`: queue RFM and
// CLV runs for a workspace (what "Recompute now" does), e.g. right after seeding.
import { requestRecompute } from "../lib/analytics/recompute/request-recompute.ts";
import { db } from "../lib/db/client.ts";
import { closeQueues } from "../lib/queue/queues.ts";

const args = process.argv.slice(2);
const slug = args[args.indexOf("--workspace") + 1];
if (!args.includes("--workspace") || !slug) {
  console.error("usage: recompute.ts --workspace SLUG [--if-never-run]");
  process.exit(2);
}
const ws = await db.workspace.findUnique({ where: { slug }, select: { id: true } });
if (!ws) {
  console.error(`No workspace with slug "${slug}".`);
  process.exit(1);
}
const previous = await db.analyticsRun.count({ where: { workspaceId: ws.id } });
if (args.includes("--if-never-run") && previous > 0) {
  console.log(`Workspace ${slug} already has analytics runs; nothing queued.`);
} else {
  const req = await requestRecompute(ws.id, "manual");
  console.log(`Queued ${req.runs.map((r) => `${r.kind} run ${r.runId}`).join(" and ")} for ${slug}; the workers compute them now.`);
}
await closeQueues();
await db.$disconnect();
process.exit(0);
