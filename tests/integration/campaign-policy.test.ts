import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:policy`;
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { sweepTriggers } from "../../lib/campaigns/delivery/trigger-sweep.ts";
import { createDailyOccurrences } from "../../lib/campaigns/delivery/daily-occurrences.ts";
import { insertOccurrence } from "../../lib/campaigns/delivery/occurrences.ts";
import { planMessages } from "../../lib/campaigns/delivery/plan-messages.ts";
import { runOccurrence } from "../../lib/campaigns/delivery/run-occurrence.ts";
import { sendMessage } from "../../lib/campaigns/delivery/send-message.ts";
import { DEFAULT_CONTACT_POLICY, campaignPolicySchema } from "../../lib/campaigns/policy/contact-policy.schema.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { configureEmail, createAudience, emailContent, setContactPolicy, NO_HOLDOUT, noArms } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver } from "../support/smtp-receiver.ts";

afterAll(async () => {
  closeEmailTransports();
  await closeQueues();
});

// ---------------------------------------------------------------------------
// An independent oracle for quiet hours: walk forward minute by minute and
// read the wall clock with Intl (ICU's zone data, not Postgres's).
function localClock(ms: number, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(ms));
  return `${parts.find((p) => p.type === "hour")!.value}:${parts.find((p) => p.type === "minute")!.value}`;
}

function inQuiet(clock: string, start: string, end: string): boolean {
  return start < end ? clock >= start && clock < end : clock >= start || clock < end;
}

function afterQuietOracle(ms: number, tz: string, start: string, end: string): number {
  if (!inQuiet(localClock(ms, tz), start, end)) return ms;
  let t = Math.ceil(ms / 60_000) * 60_000;
  if (t === ms) t += 60_000;
  for (let i = 0; i < 2 * 1440; i++, t += 60_000) if (!inQuiet(localClock(t, tz), start, end)) return t;
  throw new Error("no end of quiet hours within two days");
}

// A small seeded generator, so a failure can be replayed.
function prng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe("quiet hours", () => {
  it("end at the next allowed local time in the customer's zone, across DST changes (Postgres against an Intl oracle)", async () => {
    const zones = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham", "America/Santiago", "UTC"];
    const windows: [string, string][] = [["21:00", "08:00"], ["22:30", "07:15"], ["13:00", "14:00"], ["00:00", "09:00"], ["19:45", "23:59"]];
    // DST changes of 2026 in those zones, and random instants around them and across the year.
    const anchors = ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z", "2026-04-05T03:00:00Z", "2026-09-06T04:00:00Z"].map((s) => Date.parse(s));
    const random = prng(20_261_204);
    const cases: { at: number; tz: string; start: string; end: string }[] = [];
    for (let i = 0; i < 400; i++) {
      const anchor = anchors[Math.floor(random() * anchors.length)]!;
      const at = i % 4 === 0 ? Date.parse("2026-01-01T00:00:00Z") + Math.floor(random() * 365 * 86_400_000) : anchor + Math.floor((random() - 0.5) * 3 * 86_400_000);
      const [start, end] = windows[Math.floor(random() * windows.length)]!;
      cases.push({ at: Math.floor(at / 1000) * 1000, tz: zones[Math.floor(random() * zones.length)]!, start, end });
    }
    const { rows } = await pool.query<{ t: Date }>(
      `SELECT valueloop_after_quiet_hours(to_timestamp(a / 1000.0), tz, s::time, e::time) AS t
         FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(a, tz, s, e, n) ORDER BY n`,
      [cases.map((c) => c.at), cases.map((c) => c.tz), cases.map((c) => c.start), cases.map((c) => c.end)],
    );
    const mismatches = cases
      .map((c, i) => ({ ...c, at: new Date(c.at).toISOString(), sql: rows[i]!.t.toISOString(), oracle: new Date(afterQuietOracle(c.at, c.tz, c.start, c.end)).toISOString() }))
      .filter((c) => c.sql !== c.oracle);
    expect(mismatches).toEqual([]);
  });

  it("on the night New York falls back, 21:00–08:00 ends at 08:00 EST: nine wall-clock hours but ten real ones", async () => {
    const { rows } = await pool.query<{ t: Date }>(`SELECT valueloop_after_quiet_hours('2026-11-01T01:00:00Z', 'America/New_York', '21:00', '08:00') AS t`);
    // 21:00 EDT on Oct 31 is 01:00Z; 08:00 EST on Nov 1 is 13:00Z.
    expect(rows[0]!.t.toISOString()).toBe("2026-11-01T13:00:00.000Z");
  });
});

async function workspaceWithEmail(timezone = "UTC") {
  const workspace = await createWorkspace({ timezone });
  const admin = await createUser(workspace.id, "ADMIN");
  const smtp = await startSmtpReceiver();
  await configureEmail(workspace.id, admin.id, smtp.port);
  return { workspaceId: workspace.id, actor: { userId: admin.id, role: "ADMIN" as const }, smtp };
}

async function plannedRows(campaignId: number) {
  const { rows } = await pool.query<{ email: string; status: string; reason: string | null; not_before: Date; expires_at: Date }>(
    `SELECT c.email, m.status::text, m.reason, m.not_before, m.expires_at FROM message m JOIN customer c ON c.id = m.customer_id
      WHERE m.campaign_id = $1 ORDER BY c.email`,
    [campaignId],
  );
  return rows;
}

describe("planning a broadcast", () => {
  it("defers messages in quiet hours to each customer's morning, falls back to the workspace's zone, and expires what would wait too long", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("Europe/Berlin");
    try {
      await setContactPolicy(workspaceId, { quietHours: { start: "21:00", end: "08:00" }, expiryHours: 10 });
      const { segmentId } = await createAudience(workspaceId, [
        { email: "a-tokyo@x.example", timezone: "Asia/Tokyo" },
        { email: "b-newyork@x.example", timezone: "America/New_York" },
        { email: "c-nowhere@x.example", timezone: "Mars/Olympus_Mons" },
        { email: "d-honolulu@x.example", timezone: "Pacific/Honolulu" },
      ]);
      const campaign = await createCampaign(workspaceId, actor, { name: "Night", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
      // Due 2026-11-01 01:30Z: Tokyo 10:30 (allowed), New York 21:30 EDT (quiet until 08:00 EST = 13:00Z, 11.5 h: past the 10 h expiry),
      // Berlin 02:30 CET (quiet until 08:00 = 07:00Z), Honolulu 15:30 (allowed).
      const dueAt = new Date("2026-11-01T01:30:00Z");
      await withTransaction(async (client) => {
        const { rows } = await client.query<{ id: string }>(`INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at) VALUES ($1, $2, 'test', $3) RETURNING id::text`, [workspaceId, campaign.id, dueAt]);
        const counts = await planMessages(client, {
          workspaceId,
          workspaceTimezone: "Europe/Berlin",
          campaignId: campaign.id,
          occurrenceId: rows[0]!.id,
          channel: "email",
          dueAt,
          localTime: null,
          audience: (p) => `SELECT customer_id FROM segment_membership WHERE segment_id = ${p.add(segmentId, "int4")}`,
          policy: { ...DEFAULT_CONTACT_POLICY, quietHours: { start: "21:00", end: "08:00" }, expiryHours: 10 },
          campaignPolicy: campaignPolicySchema.parse({}),
          arms: noArms(workspaceId, campaign.id),
        });
        expect(counts).toEqual({ audience: 4, queued: 3, deferred: 1, heldOut: 0, skipped: { expired: 1 } });
      });
      const rows = await plannedRows(campaign.id);
      expect(rows.map((r) => [r.email, r.status, r.reason, r.not_before.toISOString()])).toEqual([
        ["a-tokyo@x.example", "queued", null, "2026-11-01T01:30:00.000Z"],
        ["b-newyork@x.example", "skipped", "expired", "2026-11-01T13:00:00.000Z"],
        ["c-nowhere@x.example", "queued", "quiet_hours", "2026-11-01T07:00:00.000Z"],
        ["d-honolulu@x.example", "queued", null, "2026-11-01T01:30:00.000Z"],
      ]);
    } finally {
      await smtp.stop();
    }
  });

  it("sends a local-time broadcast at that wall-clock time in each customer's zone, DST included", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("Europe/Berlin");
    try {
      const { segmentId } = await createAudience(workspaceId, [
        { email: "a-tokyo@x.example", timezone: "Asia/Tokyo" },
        { email: "b-london@x.example", timezone: "Europe/London" },
        { email: "c-newyork@x.example", timezone: "America/New_York" },
        { email: "d-berlin@x.example", timezone: null },
      ]);
      // 2027-03-28: London and Berlin move to summer time that night; New York already did (Mar 14).
      const campaign = await createCampaign(workspaceId, actor, {
        name: "Morning",
        experiment: NO_HOLDOUT, kind: "broadcast",
        segmentId,
        schedule: { mode: "local", date: "2027-03-28", time: "09:00" },
        content: emailContent(),
      });
      const launched = await launchCampaign(workspaceId, actor, campaign.id, new Date("2027-03-20T00:00:00Z"));
      expect(launched.status).toBe("scheduled");
      const { rows: occ } = await pool.query<{ id: string; due_at: Date }>(`SELECT id::text, due_at FROM campaign_occurrence WHERE campaign_id = $1`, [campaign.id]);
      // The first place 09:00 on the 28th happens is UTC+14.
      expect(occ[0]!.due_at.toISOString()).toBe("2027-03-27T19:00:00.000Z");
      await pool.query(`UPDATE campaign SET status = 'active' WHERE id = $1`, [campaign.id]);
      await runOccurrence(workspaceId, campaign.id, occ[0]!.id);
      const rows = await plannedRows(campaign.id);
      expect(rows.map((r) => [r.email, r.not_before.toISOString()])).toEqual([
        ["a-tokyo@x.example", "2027-03-28T00:00:00.000Z"],
        ["b-london@x.example", "2027-03-28T08:00:00.000Z"],
        ["c-newyork@x.example", "2027-03-28T13:00:00.000Z"],
        ["d-berlin@x.example", "2027-03-28T07:00:00.000Z"],
      ]);
      expect(rows.every((r) => r.status === "queued" && r.reason === "local_time")).toBe(true);
    } finally {
      await smtp.stop();
    }
  });
});

describe("frequency cap and priority", () => {
  it("counts messages already sent in the window, and lets a higher-priority campaign take the last slot", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      await setContactPolicy(workspaceId, { frequencyCap: { maxMessages: 1, perDays: 7 } });
      const { segmentId } = await createAudience(workspaceId, [{ email: "cap@x.example" }]);
      const make = async (name: string, priority: number) => {
        const c = await createCampaign(workspaceId, actor, { name, experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent(), policy: { priority } });
        await launchCampaign(workspaceId, actor, c.id);
        const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM campaign_occurrence WHERE campaign_id = $1`, [c.id]);
        await runOccurrence(workspaceId, c.id, rows[0]!.id);
        const { rows: m } = await pool.query<{ id: string }>(`SELECT id::text FROM message WHERE campaign_id = $1`, [c.id]);
        return m[0]!.id;
      };
      const low = await make("Low", 0);
      const high = await make("High", 10);
      // The low-priority message is claimed first, but a higher-priority one is due for the same customer: it yields.
      expect(await sendMessage(workspaceId, low)).toEqual({ status: "skipped", reason: "frequency_cap" });
      expect(await sendMessage(workspaceId, high)).toEqual({ status: "sent" });
      const { rows } = await pool.query<{ status: string; reason: string | null }>(`SELECT status::text, reason FROM message WHERE id = ANY($1::int8[]) ORDER BY priority`, [[low, high]]);
      expect(rows.map((r) => [r.status, r.reason])).toEqual([["skipped", "frequency_cap"], ["sent", null]]);
      // A third campaign within the week is decided at planning: capped.
      const third = await make("Third", 50);
      const { rows: t } = await pool.query(`SELECT status::text, reason FROM message WHERE id = $1`, [third]);
      expect(t).toEqual([{ status: "skipped", reason: "frequency_cap" }]);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await smtp.stop();
    }
  });
});

describe("a triggered campaign on segment entry", () => {
  async function enter(workspaceId: number, segmentId: number, customerIds: string[]) {
    await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, unnest($2::int8[]), $3 ON CONFLICT DO NOTHING`, [segmentId, customerIds, workspaceId]);
    await pool.query(`INSERT INTO segment_transition (workspace_id, segment_id, customer_id, kind) SELECT $1, $2, unnest($3::int8[]), 'ENTERED'`, [workspaceId, segmentId, customerIds]);
  }
  async function exit(workspaceId: number, segmentId: number, customerIds: string[]) {
    await pool.query(`DELETE FROM segment_membership WHERE segment_id = $1 AND customer_id = ANY($2::int8[])`, [segmentId, customerIds]);
    await pool.query(`INSERT INTO segment_transition (workspace_id, segment_id, customer_id, kind) SELECT $1, $2, unnest($3::int8[]), 'EXITED'`, [workspaceId, segmentId, customerIds]);
  }
  async function messagesOf(campaignId: number) {
    const { rows } = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM message WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
    return rows.map((r) => r.customer_id);
  }
  async function sweepAndPlan(workspaceId: number, campaignId: number) {
    await sweepTriggers(workspaceId);
    const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM campaign_occurrence WHERE campaign_id = $1 AND planned_at IS NULL`, [campaignId]);
    for (const r of rows) await runOccurrence(workspaceId, campaignId, r.id);
  }

  it("messages only those who enter after the launch, once per entry, and once ever by default", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      const { segmentId, customerIds } = await createAudience(workspaceId, [{ email: "old@x.example" }, { email: "new1@x.example" }, { email: "new2@x.example" }]);
      const [old, new1, new2] = customerIds as [string, string, string];
      await exit(workspaceId, segmentId, [new1, new2]);
      const campaign = await createCampaign(workspaceId, actor, { name: "Welcome", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "segment_entry", segmentId }, content: emailContent() });
      await launchCampaign(workspaceId, actor, campaign.id);
      await sweepAndPlan(workspaceId, campaign.id);
      expect(await messagesOf(campaign.id)).toEqual([]);

      await enter(workspaceId, segmentId, [new1, new2]);
      await sweepAndPlan(workspaceId, campaign.id);
      await sweepAndPlan(workspaceId, campaign.id);
      expect((await messagesOf(campaign.id)).sort()).toEqual([new1, new2].sort());

      // Leaving and coming back does not send "once" again; the member from before the launch never got one.
      await exit(workspaceId, segmentId, [new1]);
      await enter(workspaceId, segmentId, [new1]);
      await sweepAndPlan(workspaceId, campaign.id);
      expect(await messagesOf(campaign.id)).toHaveLength(2);
      expect(await messagesOf(campaign.id)).not.toContain(old);
    } finally {
      await smtp.stop();
    }
  });

  it("sends again after the re-eligibility period", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      const { segmentId, customerIds } = await createAudience(workspaceId, [{ email: "again@x.example" }]);
      const [customer] = customerIds as [string];
      await exit(workspaceId, segmentId, [customer]);
      const campaign = await createCampaign(workspaceId, actor, {
        name: "Again",
        experiment: NO_HOLDOUT, kind: "triggered",
        trigger: { type: "segment_entry", segmentId },
        reeligibility: { mode: "after_days", days: 30 },
        content: emailContent(),
      });
      await launchCampaign(workspaceId, actor, campaign.id);
      await enter(workspaceId, segmentId, [customer]);
      await sweepAndPlan(workspaceId, campaign.id);
      const [first] = await messagesOf(campaign.id);
      expect(first).toBe(customer);
      const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM message WHERE campaign_id = $1`, [campaign.id]);
      expect(await sendMessage(workspaceId, rows[0]!.id)).toEqual({ status: "sent" });

      await exit(workspaceId, segmentId, [customer]);
      await enter(workspaceId, segmentId, [customer]);
      await sweepAndPlan(workspaceId, campaign.id);
      expect(await messagesOf(campaign.id)).toHaveLength(1);

      // 31 days later it may go again.
      await pool.query(`UPDATE message SET sent_at = sent_at - interval '31 days' WHERE campaign_id = $1`, [campaign.id]);
      await exit(workspaceId, segmentId, [customer]);
      await enter(workspaceId, segmentId, [customer]);
      await sweepAndPlan(workspaceId, campaign.id);
      expect(await messagesOf(campaign.id)).toHaveLength(2);
    } finally {
      await smtp.stop();
    }
  });
});

describe("event and daily triggers, recurring sends", () => {
  async function plannedCustomers(campaignId: number): Promise<string[]> {
    const { rows } = await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM message WHERE campaign_id = $1 ORDER BY customer_id`, [campaignId]);
    return rows.map((r) => r.customer_id);
  }
  async function planDay(workspaceId: number, campaignId: number, day: string): Promise<void> {
    const id = await withTransaction((client) => insertOccurrence(client, workspaceId, campaignId, `day:${day}`, new Date()));
    await runOccurrence(workspaceId, campaignId, id);
  }

  it("an event trigger messages customers with a matching event after the launch, with its property filter", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      const { customerIds } = await createAudience(workspaceId, [{ email: "e1@x.example" }, { email: "e2@x.example" }, { email: "e3@x.example" }, { email: "e4@x.example" }]);
      const [before, match, wrongProperty, otherType] = customerIds as [string, string, string, string];
      const event = (customerId: string, type: string, properties: object) =>
        pool.query(`INSERT INTO event (workspace_id, customer_id, type, occurred_at, properties) VALUES ($1, $2, $3, now(), $4::jsonb)`, [workspaceId, customerId, type, JSON.stringify(properties)]);
      await event(before, "cart_abandoned", { store: "web" });
      const campaign = await createCampaign(workspaceId, actor, {
        name: "Cart",
        experiment: NO_HOLDOUT, kind: "triggered",
        trigger: { type: "event", eventType: "cart_abandoned", property: { key: "store", equals: "web" } },
        content: emailContent(),
      });
      await launchCampaign(workspaceId, actor, campaign.id);
      await event(match, "cart_abandoned", { store: "web" });
      await event(match, "cart_abandoned", { store: "web" });
      await event(wrongProperty, "cart_abandoned", { store: "app" });
      await event(otherType, "order_placed", { store: "web" });
      expect(await sweepTriggers(workspaceId)).toBe(1);
      expect(await sweepTriggers(workspaceId)).toBe(0);
      expect(await plannedCustomers(campaign.id)).toEqual([match]);
    } finally {
      await smtp.stop();
    }
  });

  it("days since last order counts calendar days in the workspace's zone and skips anyone who ordered since", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("America/New_York");
    try {
      const { customerIds } = await createAudience(workspaceId, [{ email: "d1@x.example" }, { email: "d2@x.example" }, { email: "d3@x.example" }]);
      const [thirty, thirtyButBack, twentyNine] = customerIds as [string, string, string];
      const order = (customerId: string, at: string) =>
        pool.query(`INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, $3, $4, 10, 'USD')`, [workspaceId, customerId, `o-${customerId}-${at}`, at]);
      // 30 local days before 2026-12-04 is 2026-11-04; 23:30 New York time that day is 04:30Z on the 5th.
      await order(thirty, "2026-11-05T04:30:00Z");
      await order(thirtyButBack, "2026-11-04T15:00:00Z");
      await order(twentyNine, "2026-11-05T15:00:00Z");
      await pool.query(
        `INSERT INTO customer_metrics (customer_id, workspace_id, last_order_at, order_count, revenue)
         SELECT customer_id, workspace_id, placed_at[array_upper(placed_at, 1)], 1, 10 FROM customer_order_timeline WHERE workspace_id = $1`,
        [workspaceId],
      );
      // Ordered again after the metrics were computed: the timeline knows.
      await order(thirtyButBack, "2026-12-01T15:00:00Z");
      const campaign = await createCampaign(workspaceId, actor, { name: "Miss you", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "days_since_last_order", days: 30 }, content: emailContent() });
      await launchCampaign(workspaceId, actor, campaign.id);
      await planDay(workspaceId, campaign.id, "2026-12-04");
      expect(await plannedCustomers(campaign.id)).toEqual([thirty]);
    } finally {
      await smtp.stop();
    }
  });

  it("anniversaries of a date attribute, Feb 29 on Feb 28 in other years, ignoring values that are not dates", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      const { customerIds } = await createAudience(workspaceId, [
        { email: "b1@x.example", attributes: { birthday: "1990-02-28" } },
        { email: "b2@x.example", attributes: { birthday: "1992-02-29" } },
        { email: "b3@x.example", attributes: { birthday: "1990-03-01" } },
        { email: "b4@x.example", attributes: { birthday: "1990-02-31" } },
        { email: "b5@x.example", attributes: { birthday: "soon" } },
      ]);
      const campaign = await createCampaign(workspaceId, actor, { name: "Birthday", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "anniversary", of: "attributes.birthday" }, reeligibility: { mode: "after_days", days: 300 }, content: emailContent() });
      await launchCampaign(workspaceId, actor, campaign.id);
      await planDay(workspaceId, campaign.id, "2027-02-28");
      expect(await plannedCustomers(campaign.id)).toEqual([customerIds[0], customerIds[1]]);
      // In a leap year Feb 29 has its own day.
      const leap = await createCampaign(workspaceId, actor, { name: "Leap", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "anniversary", of: "attributes.birthday" }, content: emailContent() });
      await launchCampaign(workspaceId, actor, leap.id);
      await planDay(workspaceId, leap.id, "2028-02-28");
      expect(await plannedCustomers(leap.id)).toEqual([customerIds[0]]);
    } finally {
      await smtp.stop();
    }
  });

  it("P(alive) below a threshold picks those customers once", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail();
    try {
      const { customerIds } = await createAudience(workspaceId, [{ email: "p1@x.example" }, { email: "p2@x.example" }, { email: "p3@x.example" }]);
      await pool.query(
        `INSERT INTO customer_metrics (customer_id, workspace_id, p_alive) SELECT unnest($2::int8[]), $1, unnest($3::float8[])`,
        [workspaceId, customerIds, [0.1, 0.5, 0.29]],
      );
      const campaign = await createCampaign(workspaceId, actor, { name: "Winback", experiment: NO_HOLDOUT, kind: "triggered", trigger: { type: "p_alive_below", threshold: 0.3 }, content: emailContent() });
      await launchCampaign(workspaceId, actor, campaign.id);
      await planDay(workspaceId, campaign.id, "2026-12-04");
      await planDay(workspaceId, campaign.id, "2026-12-05");
      expect(await plannedCustomers(campaign.id)).toEqual([customerIds[0], customerIds[2]]);
    } finally {
      await smtp.stop();
    }
  });

  it("a recurring broadcast gets one occurrence a day once its local time has come, and sends to the segment each time", async () => {
    const { workspaceId, actor, smtp } = await workspaceWithEmail("Asia/Kolkata");
    try {
      const { segmentId } = await createAudience(workspaceId, [{ email: "r1@x.example" }, { email: "r2@x.example" }]);
      const campaign = await createCampaign(workspaceId, actor, { name: "Daily", experiment: NO_HOLDOUT, kind: "recurring", segmentId, recurrence: { every: "day", time: "00:00" }, content: emailContent() });
      await launchCampaign(workspaceId, actor, campaign.id);
      // Launched before today's 00:00 (Kolkata): today's occurrence is due.
      await pool.query(`UPDATE campaign SET launched_at = now() - interval '2 days' WHERE id = $1`, [campaign.id]);
      await createDailyOccurrences();
      await createDailyOccurrences();
      const { rows } = await pool.query<{ id: string; key: string; due_at: Date }>(`SELECT id::text, key, due_at FROM campaign_occurrence WHERE campaign_id = $1`, [campaign.id]);
      expect(rows).toHaveLength(1);
      const localToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());
      expect(rows[0]!.key).toBe(`day:${localToday}`);
      expect(rows[0]!.due_at.toISOString()).toBe(new Date(`${localToday}T00:00:00+05:30`).toISOString());
      await runOccurrence(workspaceId, campaign.id, rows[0]!.id);
      await planDay(workspaceId, campaign.id, "2099-01-01");
      expect(await plannedCustomers(campaign.id)).toHaveLength(4);
    } finally {
      await smtp.stop();
    }
  });
});
