// Campaign sending throughput: a broadcast to N customers (default 100k) from
// launch to a local SMTP sink, through a real worker process. Reports time
// from launch to the first message, messages per second, and the worker's
// peak memory. The yardstick is nodemailer alone sending to the same sink
// with the product's pool settings: this machine's SMTP ceiling, measured in
// the same run. `npx tsx bench/campaign-send.ts`
// (BENCH_CAMPAIGN_MESSAGES=10000 for a short run)
import { cleanUp, createBenchWorkspace, pool, SMTP_CONNECTIONS, startSink, startWorkerProcess } from "./campaign-bench-support.ts";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import nodemailer from "nodemailer";

const N = Number(process.env.BENCH_CAMPAIGN_MESSAGES ?? 100_000);
const { createCampaign } = await import("../lib/campaigns/create-campaign.ts");
const { launchCampaign } = await import("../lib/campaigns/launch-campaign.ts");
const { openSmtpSocket } = await import("../lib/channels/email/smtp-socket.ts");

let received = 0;
let firstAt = 0;
let lastAt = 0;
const sink = await startSink(() => {
  received++;
  lastAt = performance.now();
  if (received === 1) firstAt = lastAt;
});

async function yardstick(count: number): Promise<number> {
  const transport = nodemailer.createTransport({ pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: 100, getSocket: openSmtpSocket("127.0.0.1", sink.port, 10_000), host: "127.0.0.1", port: sink.port, ignoreTLS: true });
  const before = received;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: "news@shop.example", to: `y${i}@customer.example`, subject: `Hello ${i}`, text: "Hi there", html: "<p>Hi there</p>" }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  if (received - before !== count) throw new Error("yardstick lost mails");
  received = before;
  return count / seconds;
}

let workspaceId: number | null = null;
let worker: ChildProcess | null = null;
try {
  const bench = await createBenchWorkspace(sink.port, N, "b");
  workspaceId = bench.workspaceId;
  const { rows: seg } = await pool.query<{ id: number }>(
    `INSERT INTO segment (workspace_id, name, kind, definition, size) VALUES ($1, 'Everyone', 'STATIC', '{"version":1,"root":{"id":"root","type":"group","combinator":"and","children":[]}}', $2) RETURNING id`,
    [workspaceId, N],
  );
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, id, $2 FROM customer WHERE workspace_id = $2`, [seg[0]!.id, workspaceId]);
  await pool.query("VACUUM ANALYZE customer, segment_membership, message");

  const yard = await yardstick(Math.min(20_000, N));
  console.log(`yardstick: nodemailer alone, the product's ${SMTP_CONNECTIONS} pooled connections: ${yard.toFixed(0)} mails/s`);

  const campaign = await createCampaign(workspaceId, bench.actor, {
    name: "Bench",
    // Every customer is sent (no control arm, outside the global control group): the bench counts mails at the sink.
    experiment: { controlPercent: 0, exemptFromGlobalControl: true },
    kind: "broadcast",
    segmentId: seg[0]!.id,
    schedule: { mode: "now" },
    content: {
      channel: "email",
      subject: "Hello {{ customer.first_name }}",
      preheader: "New this week",
      html: '<p>Hi {{ customer.first_name }}, see <a href="https://shop.example/new">what is new</a>.</p><p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>',
      text: "Hi {{ customer.first_name }}, see what is new: https://shop.example/new\nUnsubscribe: {{ links.unsubscribe }}",
    },
  });

  worker = startWorkerProcess();
  await new Promise((r) => setTimeout(r, 3000));
  let peakRssMb = 0;
  const pid = worker.pid;
  const sampler = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) peakRssMb = Math.max(peakRssMb, Number(rss[1]) / 1024);
    } catch {
      // the worker has exited
    }
  }, 250);

  received = 0;
  const t0 = performance.now();
  await launchCampaign(workspaceId, bench.actor, campaign.id);
  while (received < N) await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);

  const total = (lastAt - t0) / 1000;
  const rate = N / total;
  console.log(`broadcast of ${N}: first message ${((firstAt - t0) / 1000).toFixed(2)} s after launch; all in ${total.toFixed(1)} s`);
  console.log(`  ${rate.toFixed(0)} messages/s launch to sink = ${(rate / yard).toFixed(2)}× yardstick; steady ${((N - 1) / ((lastAt - firstAt) / 1000)).toFixed(0)}/s`);
  console.log(`  worker peak RSS ${peakRssMb.toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await cleanUp(workspaceId, worker);
  await sink.close();
}
