import { describe, expect, it } from "vitest";
import { readAnalyticsSettings } from "../../lib/analytics/recompute/analytics-settings.schema.ts";
import { readRfmSettings } from "../../lib/analytics/rfm/rfm-settings.schema.ts";
import { db } from "../../lib/db/client.ts";
import { analyticsSettingsInputSchema } from "../../lib/workspaces/analytics-settings-input.schema.ts";
import { updateAnalyticsSettings } from "../../lib/workspaces/update-analytics-settings.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

describe("analytics settings", () => {
  it("saves a valid schedule, model and RFM map, keeps other settings, and the runs read them back", async () => {
    const ws = await createWorkspace();
    await db.workspace.update({ where: { id: ws.id }, data: { settings: { somethingElse: { keep: true } } } });
    const admin = await createUser(ws.id, "ADMIN");
    const current = { analytics: readAnalyticsSettings({}), rfm: readRfmSettings({}) };
    const input = analyticsSettingsInputSchema.parse({
      analytics: { ...current.analytics, schedule: { enabled: true, time: "04:30" }, clv: { ...current.analytics.clv, model: "pareto-nbd" } },
      rfm: current.rfm,
    });
    await updateAnalyticsSettings(ws.id, admin.id, input);
    const stored = (await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).settings;
    expect(readAnalyticsSettings(stored).schedule.time).toBe("04:30");
    expect(readAnalyticsSettings(stored).clv.model).toBe("pareto-nbd");
    expect((stored as Record<string, unknown>).somethingElse).toEqual({ keep: true });
    const log = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.id, action: "settings.analytics.update" } });
    expect(log.actorUserId).toBe(admin.id);
  });

  it("refuses an RFM map that leaves a cell without a segment, naming the problem", () => {
    const rfm = readRfmSettings({});
    const withGap = { ...rfm, segments: rfm.segments.slice(1) };
    const parsed = analyticsSettingsInputSchema.safeParse({ analytics: readAnalyticsSettings({}), rfm: withGap });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe("rfm.segments");
    expect(parsed.error?.issues[0]?.message).toMatch(/exactly one segment/);
  });

  it("saves how many RFM runs keep their snapshots, and refuses fewer than two, naming the field", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const analytics = readAnalyticsSettings({});
    const rfm = readRfmSettings({});
    const one = analyticsSettingsInputSchema.safeParse({ analytics: { ...analytics, runHistory: { rfmSnapshotRuns: 1 } }, rfm });
    expect(one.error?.issues[0]?.path.join(".")).toBe("analytics.runHistory.rfmSnapshotRuns");
    expect(one.error?.issues[0]?.message).toMatch(/at least 2 runs/);

    await updateAnalyticsSettings(ws.id, admin.id, analyticsSettingsInputSchema.parse({ analytics: { ...analytics, runHistory: { rfmSnapshotRuns: 12 } }, rfm }));
    const stored = (await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).settings;
    expect(readAnalyticsSettings(stored).runHistory.rfmSnapshotRuns).toBe(12);
  });

  it("refuses a schedule time that is not HH:MM and churn bands in the wrong order", () => {
    const a = readAnalyticsSettings({});
    const rfm = readRfmSettings({});
    expect(analyticsSettingsInputSchema.safeParse({ analytics: { ...a, schedule: { enabled: true, time: "25:00" } }, rfm }).success).toBe(false);
    const bands = { ...a, clv: { ...a.clv, churnRiskBands: { lowAtLeast: 0.3, mediumAtLeast: 0.7 } } };
    expect(analyticsSettingsInputSchema.safeParse({ analytics: bands, rfm }).success).toBe(false);
  });
});
