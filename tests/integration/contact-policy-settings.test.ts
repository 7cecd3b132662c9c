import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:contact-policy`;
});

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

import * as policyActions from "../../app/w/[workspace]/settings/contact-policy/actions.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { previewLaunch } from "../../lib/campaigns/launch-campaign.ts";
import { contactPolicyInputSchema, type ContactPolicyInput } from "../../lib/campaigns/policy/contact-policy-input.schema.ts";
import { loadContactPolicy } from "../../lib/campaigns/policy/contact-policy.ts";
import { getContactPolicyView } from "../../lib/campaigns/policy/contact-policy-view.ts";
import { DEFAULT_CONTACT_POLICY } from "../../lib/campaigns/policy/contact-policy.schema.ts";
import { saveContactPolicy } from "../../lib/campaigns/policy/save-contact-policy.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createAudience, emailContent, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await closeQueues();
});

/** What the settings form sends: numbers as typed text, switched-off settings as null. */
function formInput(overrides: Partial<ContactPolicyInput> = {}): ContactPolicyInput {
  return {
    frequencyCap: { maxMessages: "3", perDays: "7" },
    quietHours: { start: "21:00", end: "08:00" },
    expiryHours: "48",
    requireApproval: true,
    ratePerSecond: { email: "50", sms: "", push: null, webhook: "5" },
    ...overrides,
  };
}

async function audits(workspaceId: number) {
  return db.auditLog.findMany({ where: { workspaceId, action: "settings.contact_policy.update" }, orderBy: { id: "asc" }, select: { actorUserId: true, metadata: true } });
}

describe("saving the contact policy", () => {
  it("stores what the form sent as the policy campaigns load, and audits each change before and after", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    expect(await loadContactPolicy(ws.id)).toEqual(DEFAULT_CONTACT_POLICY);
    expect((await getContactPolicyView(ws.id)).lastSaved).toBeNull();

    const saved = await saveContactPolicy(ws.id, admin.id, contactPolicyInputSchema.parse(formInput()));
    expect(saved.changed.sort()).toEqual(["expiryHours", "frequencyCap", "quietHours", "ratePerSecond.email", "ratePerSecond.webhook", "requireApproval"]);
    // An empty rate and a null rate both mean no limit: nothing is stored for sms and push.
    expect(await loadContactPolicy(ws.id)).toEqual({
      frequencyCap: { maxMessages: 3, perDays: 7 },
      quietHours: { start: "21:00", end: "08:00" },
      expiryHours: 48,
      requireApproval: true,
      ratePerSecond: { email: 50, webhook: 5 },
    });
    const view = await getContactPolicyView(ws.id);
    expect(view.lastSaved?.by).toEqual({ name: admin.name, email: admin.email });

    await saveContactPolicy(ws.id, admin.id, contactPolicyInputSchema.parse(formInput({ quietHours: { start: "22:30", end: "07:00" }, ratePerSecond: { email: null, sms: "10", push: null, webhook: "5" } })));
    const entries = await audits(ws.id);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toEqual({
      actorUserId: admin.id,
      metadata: {
        changes: {
          quietHours: { before: { start: "21:00", end: "08:00" }, after: { start: "22:30", end: "07:00" } },
          "ratePerSecond.email": { before: 50, after: null },
          "ratePerSecond.sms": { before: null, after: 10 },
        },
      },
    });
    expect(entries[0]!.metadata).toMatchObject({ changes: { frequencyCap: { before: null, after: { maxMessages: 3, perDays: 7 } }, requireApproval: { before: false, after: true } } });
  });

  it("a save that changes nothing writes nothing", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const defaults = contactPolicyInputSchema.parse({ frequencyCap: null, quietHours: null, expiryHours: 72, requireApproval: false, ratePerSecond: { email: null, sms: null, push: null, webhook: null } });
    expect(await saveContactPolicy(ws.id, admin.id, defaults)).toMatchObject({ changed: [] });
    expect(await db.contactPolicy.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await audits(ws.id)).toHaveLength(0);
  });

  it("refuses bad values field by field and keeps the stored policy", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    session.userId = admin.id;
    const result = await policyActions.saveContactPolicyAction(
      ws.slug,
      formInput({
        frequencyCap: { maxMessages: "0", perDays: "a week" },
        quietHours: { start: "25:00", end: "25:00" },
        expiryHours: "1000",
        ratePerSecond: { email: "-1", sms: "2.5", push: null, webhook: "100001" },
      }),
    );
    expect(result).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(!result.ok && result.fieldErrors).toEqual({
      "frequencyCap.maxMessages": "Enter how many messages, 1–100.",
      "frequencyCap.perDays": "Enter a number of days, 1–90.",
      "quietHours.start": "Enter a time as HH:MM on a 24-hour clock, e.g. 21:00.",
      "quietHours.end": "Enter a time as HH:MM on a 24-hour clock, e.g. 21:00.",
      expiryHours: "Enter a number of hours, 1–720 (30 days).",
      "ratePerSecond.email": "Enter 1–100000 messages per second, or leave it empty for no limit.",
      "ratePerSecond.sms": "Enter 1–100000 messages per second, or leave it empty for no limit.",
      "ratePerSecond.webhook": "Enter 1–100000 messages per second, or leave it empty for no limit.",
    });
    const sameTimes = await policyActions.saveContactPolicyAction(ws.slug, formInput({ quietHours: { start: "21:00", end: "21:00" } }));
    expect(!sameTimes.ok && sameTimes.fieldErrors).toEqual({ "quietHours.end": "Quiet hours need different start and end times." });
    expect(await loadContactPolicy(ws.id)).toEqual(DEFAULT_CONTACT_POLICY);
    expect(await audits(ws.id)).toHaveLength(0);
  });

  it("only admins change it: marketers and analysts are refused at the door and in lib/, other workspaces' admins find nothing", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const input = contactPolicyInputSchema.parse(formInput());
    for (const role of ["MARKETER", "ANALYST"] as const) {
      const user = await createUser(ws.id, role);
      session.userId = user.id;
      expect(await policyActions.saveContactPolicyAction(ws.slug, formInput())).toMatchObject({ ok: false, code: "FORBIDDEN" });
      await expect(saveContactPolicy(ws.id, user.id, input)).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only admins can change the contact policy." });
    }
    const stranger = await createUser(other.id, "ADMIN");
    session.userId = stranger.id;
    expect(await policyActions.saveContactPolicyAction(ws.slug, formInput())).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await expect(saveContactPolicy(ws.id, stranger.id, input)).rejects.toBeInstanceOf(AppError);
    expect(await loadContactPolicy(ws.id)).toEqual(DEFAULT_CONTACT_POLICY);
  });

  it("two admins saving at once: both saves land, one after the other, and each audit entry's before is what it replaced", async () => {
    const ws = await createWorkspace();
    const [a, b] = [await createUser(ws.id, "ADMIN"), await createUser(ws.id, "ADMIN")];
    await Promise.all([
      saveContactPolicy(ws.id, a.id, contactPolicyInputSchema.parse(formInput({ expiryHours: "10" }))),
      saveContactPolicy(ws.id, b.id, contactPolicyInputSchema.parse(formInput({ expiryHours: "20" }))),
    ]);
    const entries = (await audits(ws.id)).map((e) => (e.metadata as { changes: { expiryHours: { before: number; after: number } } }).changes.expiryHours);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.before).toBe(72);
    expect(entries[1]!.before).toBe(entries[0]!.after);
    expect((await loadContactPolicy(ws.id)).expiryHours).toBe(entries[1]!.after);
  });
});

describe("planning follows what the page saved", () => {
  it("quiet hours saved on the page defer the next campaign's messages; switched off, they go at once", async () => {
    const ws = await createWorkspace({ timezone: "UTC" });
    const admin = await createUser(ws.id, "ADMIN");
    // Quiet around the clock but one minute, in the customers' own zone: whenever the test runs, nearly every message waits.
    const now = new Date();
    const zone = "Asia/Tokyo";
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(now.getTime() + 10 * 60_000));
    const { segmentId } = await createAudience(ws.id, [
      { email: "a@quiet.example", timezone: zone },
      { email: "b@quiet.example", timezone: zone },
    ]);
    const campaign = await createCampaign(ws.id, { userId: admin.id, role: "ADMIN" }, { name: "Quiet", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    const before = await previewLaunch(ws.id, campaign.id);
    expect(before.counts).toMatchObject({ queued: 2, deferred: 0 });

    const [h, m] = local.split(":").map(Number) as [number, number];
    const end = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    const start = `${String((h + 23) % 24).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    await saveContactPolicy(ws.id, admin.id, contactPolicyInputSchema.parse(formInput({ frequencyCap: null, quietHours: { start, end }, expiryHours: "72" })));
    const during = await previewLaunch(ws.id, campaign.id);
    expect(during.counts).toMatchObject({ audience: 2, queued: 2, deferred: 2 });

    await saveContactPolicy(ws.id, admin.id, contactPolicyInputSchema.parse(formInput({ frequencyCap: null, quietHours: null })));
    expect((await previewLaunch(ws.id, campaign.id)).counts).toMatchObject({ queued: 2, deferred: 0 });
  });
});
