import { describe, expect, it } from "vitest";
import { nextPurchaseView } from "./next-purchase-view.ts";

const metrics = (due: string | null) => ({
  purchaseProbability7d: 0.081,
  purchaseProbability14d: 0.15,
  purchaseProbability30d: 0.2734,
  nextPurchaseDueOn: due ? new Date(`${due}T00:00:00Z`) : null,
});

describe("next purchase on the profile", () => {
  it("says how long ago the next purchase was due, counting days in the workspace zone", () => {
    // 03:00 UTC on 12 March is still 11 March in New York: 10 days after a due day of 1 March
    const now = new Date("2026-03-12T03:00:00Z");
    expect(nextPurchaseView(metrics("2026-03-01"), now, "America/New_York")).toEqual({
      value: "27.3%",
      hint: "within 30 days · 8.1% in 7, 15.0% in 14 · was due 2026-03-01 (10 days ago)",
    });
    expect(nextPurchaseView(metrics("2026-03-01"), now, "Europe/Berlin").hint).toContain("(11 days ago)");
  });

  it("shows a coming due day, today, and nothing before the first run", () => {
    const now = new Date("2026-03-12T12:00:00Z");
    expect(nextPurchaseView(metrics("2026-04-02"), now, "UTC").hint).toMatch(/· due 2026-04-02$/);
    expect(nextPurchaseView(metrics("2026-03-12"), now, "UTC").hint).toMatch(/· due today$/);
    expect(nextPurchaseView(null, now, "UTC")).toEqual({ value: "—", hint: "within 30 days · after the next model run" });
  });
});
