// Event-trigger latency: an event arrives through the ingest API's code path
// (ingestOne, what POST /api/v1/events runs) and an event-triggered email
// campaign answers it; measured from the call to the mail's arrival at a
// local SMTP sink, through a real worker process. Aim: p95 under 2 s. The
// yardstick is one mail sent straight to the same sink (the last hop alone).
// `npx tsx bench/campaign-trigger-latency.ts` (BENCH_TRIGGER_EVENTS, default 60)
import { cleanUp, createBenchWorkspace, percentile, startSink, startWorkerProcess } from "./campaign-bench-support.ts";
import type { ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import nodemailer from "nodemailer";

const EVENTS = Number(process.env.BENCH_TRIGGER_EVENTS ?? 60);
const { createCampaign } = await import("../lib/campaigns/create-campaign.ts");
const { launchCampaign } = await import("../lib/campaigns/launch-campaign.ts");
const { ingestOne } = await import("../lib/ingest/api/ingest-one.ts");
const { openSmtpSocket } = await import("../lib/channels/email/smtp-socket.ts");
const { measure } = await import("./support.ts");

const arrived = new Map<string, number>();
const sink = await startSink((recipients) => {
  for (const r of recipients) arrived.set(r, performance.now());
});

let workspaceId: number | null = null;
let worker: ChildProcess | null = null;
try {
  const bench = await createBenchWorkspace(sink.port, EVENTS, "t");
  workspaceId = bench.workspaceId;
  const campaign = await createCampaign(workspaceId, bench.actor, {
    name: "Cart reminder",
    // Every event is answered with a mail (no control arm, outside the global control group): latency is measured at the sink.
    experiment: { controlPercent: 0, exemptFromGlobalControl: true },
    kind: "triggered",
    trigger: { type: "event", eventType: "cart_abandoned" },
    content: { channel: "email", subject: "You left something, {{ customer.first_name }}", preheader: "", html: "<p>Your cart is waiting.</p>", text: "" },
  });
  await launchCampaign(workspaceId, bench.actor, campaign.id);
  worker = startWorkerProcess();
  await new Promise((r) => setTimeout(r, 4000));

  const direct = nodemailer.createTransport({ pool: true, maxConnections: 1, getSocket: openSmtpSocket("127.0.0.1", sink.port, 10_000), host: "127.0.0.1", port: sink.port, ignoreTLS: true });
  const yard = await measure(() => direct.sendMail({ from: "a@shop.example", to: "yardstick@customer.example", subject: "x", text: "y" }), { warmup: 3, runs: 30 });
  direct.close();

  const latencies: number[] = [];
  for (let i = 1; i <= EVENTS; i++) {
    const address = `t${i}@customer.example`;
    const t0 = performance.now();
    await ingestOne("events", workspaceId, { customer_external_id: `t-${i}`, type: "cart_abandoned", properties: { items: 2 } });
    while (!arrived.has(address)) {
      if (performance.now() - t0 > 30_000) throw new Error(`no message for event ${i} within 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(arrived.get(address)! - t0);
    // Events arrive spread out, as from a shop, not all in one instant.
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
  latencies.sort((a, b) => a - b);
  const p95 = percentile(latencies, 95);
  console.log(`yardstick: one mail straight to the sink, p50 ${yard.p50.toFixed(1)} ms`);
  console.log(`event → email at the sink, ${EVENTS} events: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (p95 = ${(p95 / yard.p50).toFixed(0)}× yardstick)`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await cleanUp(workspaceId, worker);
  await sink.close();
}
