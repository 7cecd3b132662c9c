import { describe, expect, it } from "vitest";
import { describePolicy, describeSchedule } from "./describe-campaign.ts";

describe("describeSchedule", () => {
  it("says when a broadcast goes out, in the workspace's time zone for a fixed instant", () => {
    expect(describeSchedule({ broadcast: { mode: "now" } }, "VIPs", "UTC")).toBe("Sends once to everyone in “VIPs” as soon as it is launched.");
    expect(describeSchedule({ broadcast: { mode: "at", at: "2026-05-01T07:00:00Z" } }, "VIPs", "Europe/Berlin")).toBe(
      "Sends once to everyone in “VIPs” at 2026-05-01, 09:00 (Europe/Berlin).",
    );
    expect(describeSchedule({ broadcast: { mode: "local", date: "2026-05-01", time: "09:30" } }, "VIPs", "UTC")).toBe(
      "Sends once to everyone in “VIPs” on 2026-05-01 at 09:30 in each customer's own time zone.",
    );
  });

  it("says what triggers a message and when a customer may get it again", () => {
    expect(describeSchedule({ trigger: { type: "segment_entry", segmentId: 1 }, reeligibility: { mode: "once" } }, "At risk", "UTC")).toBe(
      "Sends to each customer who enters “At risk” after launch, once per customer.",
    );
    expect(describeSchedule({ trigger: { type: "segment_exit", segmentId: 1 }, reeligibility: { mode: "after_days", days: 30 } }, "At risk", "UTC")).toBe(
      "Sends to each customer who leaves “At risk” after launch, again once 30 days have passed since their last message from this campaign.",
    );
  });

  it("says which customers other triggers pick, narrowed by a segment only when there is one", () => {
    const once = { mode: "once" };
    expect(describeSchedule({ trigger: { type: "event", eventType: "cart_abandoned", property: { key: "plan", equals: "pro" } }, reeligibility: once }, "", "UTC")).toBe(
      "Sends to each customer with a “cart_abandoned” event whose plan is pro after launch, once per customer.",
    );
    expect(describeSchedule({ trigger: { type: "churn_band_higher", to: "high" }, reeligibility: once }, "VIPs", "UTC")).toBe(
      "Sends to each customer in “VIPs” whose churn risk rises to high at a CLV run after launch, once per customer.",
    );
    expect(describeSchedule({ trigger: { type: "churn_band_higher" }, reeligibility: once }, "", "UTC")).toBe(
      "Sends to each customer whose churn risk rises to a higher band at a CLV run after launch, once per customer.",
    );
    expect(describeSchedule({ trigger: { type: "days_since_last_order", days: 90, time: "11:30" }, reeligibility: once }, "", "Europe/Berlin")).toBe(
      "Checks daily at 11:30 (Europe/Berlin) and sends to each customer whose last order was 90 days ago, once per customer.",
    );
    expect(describeSchedule({ trigger: { type: "next_purchase_overdue", days: 21, time: "10:00" }, reeligibility: once }, "Regulars", "UTC")).toBe(
      "Checks daily at 10:00 (UTC) and sends to each customer in “Regulars” whose expected next purchase passed 21 days ago without an order, once per customer.",
    );
    expect(describeSchedule({ recurrence: { every: "week", weekday: 5, time: "18:00" } }, "VIPs", "UTC")).toBe("Sends to everyone in “VIPs” every Friday at 18:00 (UTC).");
  });

  it("falls back to the audience alone for a schedule it cannot read", () => {
    expect(describeSchedule({}, "VIPs", "UTC")).toBe("Sends to “VIPs”.");
  });
});

describe("describePolicy", () => {
  it("names each setting, and what is left to the workspace", () => {
    expect(describePolicy({})).toEqual(["Priority 0", "Counts toward the frequency cap", "Expiry: the workspace's", "Waits for quiet hours to end"]);
    expect(describePolicy({ priority: 5, exemptFromCap: true, expiryHours: 12, ignoreQuietHours: true })).toEqual([
      "Priority 5",
      "Exempt from the frequency cap",
      "Waiting messages expire after 12 h",
      "Ignores quiet hours",
    ]);
  });
});
