import { describe, expect, it } from "vitest";
import { messageDecision } from "./message-decision";

const base = { reason: null, reasonText: null, notBefore: "2026-03-01T20:00:00.000Z", sentAt: null };

describe("messageDecision", () => {
  it("says when a message went, or until when and why it waits, in the workspace's zone", () => {
    expect(messageDecision({ ...base, status: "sent", sentAt: "2026-03-01T08:05:00.000Z" }, "Europe/Berlin")).toBe("Sent 2026-03-01, 09:05");
    expect(messageDecision({ ...base, status: "queued" }, "UTC")).toBe("Queued to send from 2026-03-01, 20:00");
    expect(messageDecision({ ...base, status: "queued", reason: "quiet_hours", reasonText: "Deferred until the customer's quiet hours end." }, "UTC")).toBe(
      "Waiting until 2026-03-01, 20:00: Deferred until the customer's quiet hours end.",
    );
    expect(messageDecision({ ...base, status: "queued", reason: "retrying", reasonText: "The provider asked to try again later." }, "UTC")).toBe(
      "Retrying from 2026-03-01, 20:00: The provider asked to try again later.",
    );
  });

  it("says why a message was not sent", () => {
    expect(messageDecision({ ...base, status: "skipped", reason: "no_consent", reasonText: "The customer has not consented to this channel." }, "UTC")).toBe(
      "Not sent: The customer has not consented to this channel.",
    );
    expect(messageDecision({ ...base, status: "failed", reason: "rejected", reasonText: "The provider refused it permanently." }, "UTC")).toBe("Failed: The provider refused it permanently.");
    expect(messageDecision({ ...base, status: "failed" }, "UTC")).toBe("Failed: no reason recorded");
  });
});
