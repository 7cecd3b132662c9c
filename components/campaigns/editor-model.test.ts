import { describe, expect, it } from "vitest";
import { campaignInputSchema } from "@/lib/campaigns/campaign.schema";
import { campaignShape } from "@/lib/campaigns/create-campaign";
import { editorStateFrom, emptyEditorState, missingChoices, toCampaignInput, type EditorState } from "./editor-model";

const TZ = "Europe/Berlin";

/** Every recurrence and every trigger type the editor offers, with fields filled as a marketer would. */
const EVERY_KIND: Partial<EditorState>[] = [
  { kind: "recurring", every: "day", recurTime: "07:15" },
  { kind: "recurring", every: "week", weekday: "5", recurTime: "18:00" },
  { kind: "recurring", every: "month", dayOfMonth: "28", recurTime: "00:00" },
  { kind: "triggered", trigger: "segment_entry" },
  { kind: "triggered", trigger: "event", eventType: "cart_abandoned", segmentId: "" },
  { kind: "triggered", trigger: "event", eventType: "signed_up", propertyKey: "plan", propertyEquals: "pro" },
  { kind: "triggered", trigger: "days_since_last_order", days: "90", dailyTime: "11:30", segmentId: "" },
  { kind: "triggered", trigger: "next_purchase_overdue", days: "21", dailyTime: "10:00" },
  { kind: "triggered", trigger: "p_alive_below", threshold: "0.25", reeligibility: "after_days", reeligibleDays: "60" },
  { kind: "triggered", trigger: "churn_band_higher", churnTo: "any", segmentId: "" },
  { kind: "triggered", trigger: "churn_band_higher", churnTo: "high" },
  { kind: "triggered", trigger: "anniversary", anniversaryOf: "first_order", dailyTime: "09:00" },
  { kind: "triggered", trigger: "anniversary", anniversaryOf: "signed_up" },
  { kind: "triggered", trigger: "anniversary", anniversaryOf: "attribute", anniversaryAttribute: "birthday", segmentId: "" },
];

function filled(overrides: Partial<EditorState> = {}): EditorState {
  return { ...emptyEditorState(), name: "Spring", segmentId: "7", email: { subject: "Hi {{ customer.first_name }}", preheader: "", html: "<p>Hi</p>", text: "" }, ...overrides };
}

/** A saved campaign as getCampaign answers it, from the input the editor sent. */
function saved(input: Record<string, unknown>) {
  const parsed = campaignInputSchema.parse(input);
  const shape = campaignShape(parsed);
  return { name: parsed.name, kind: parsed.kind, segment: shape.segmentId === null ? null : { id: shape.segmentId }, content: parsed.content, schedule: shape.schedule, policy: parsed.policy, experiment: parsed.experiment };
}

describe("the campaign editor's input", () => {
  it("is what the server's schema accepts, for each kind and schedule", () => {
    const cases: Partial<EditorState>[] = [
      {},
      { scheduleMode: "at", at: "2026-07-01T09:30" },
      { scheduleMode: "local", localDate: "2026-07-01", localTime: "08:00" },
      { kind: "triggered", trigger: "segment_exit", reeligibility: "after_days", reeligibleDays: "14" },
      ...EVERY_KIND,
      { channel: "sms", sms: { text: "Hi {{ customer.first_name }}" } },
      { channel: "webhook", priority: "-5", expiryHours: "12", exemptFromCap: true, ignoreQuietHours: true },
    ];
    for (const c of cases) {
      const result = campaignInputSchema.safeParse(toCampaignInput(filled(c), TZ));
      expect(result.success, `${JSON.stringify(c)}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it("reads a send time in the workspace's zone, not the browser's", () => {
    const input = toCampaignInput(filled({ scheduleMode: "at", at: "2026-07-01T09:30" }), TZ);
    expect(input.schedule).toEqual({ mode: "at", at: "2026-07-01T07:30:00.000Z" });
  });

  it("sends empty number fields as the defaults, and anything else as typed for the server to name", () => {
    expect(toCampaignInput(filled({ priority: "", expiryHours: "" }), TZ).policy).toMatchObject({ priority: 0, expiryHours: null });
    const odd = toCampaignInput(filled({ priority: "1.5" }), TZ);
    const result = campaignInputSchema.safeParse(odd);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["policy.priority"]);
  });

  it("comes back unchanged from a saved campaign, whatever its kind", () => {
    for (const c of [
      filled({ scheduleMode: "at", at: "2026-03-29T03:30" }),
      filled({ scheduleMode: "local", localDate: "2026-07-01", localTime: "08:00", priority: "3" }),
      filled({ kind: "triggered", reeligibility: "after_days", reeligibleDays: "30", expiryHours: "6" }),
      filled({ channel: "push", push: { payload: '{ "title": "x" }' } }),
      ...EVERY_KIND.map((k) => filled(k)),
      filled({
        experiment: {
          controlPercent: "0",
          attributionDays: "14",
          costPerMessage: "0.002",
          grossMarginPercent: "35",
          exemptFromGlobalControl: true,
          autoWinner: true,
          autoWinnerMin: "500",
          autoWinnerMetric: "conversion",
          variants: [
            { key: "A", name: "Plain", weight: "40", sendOffsetMinutes: "0", subject: "", ownContent: null },
            { key: "B", name: "Urgent", weight: "35", sendOffsetMinutes: "60", subject: "Last day, {{ customer.first_name }}", ownContent: null },
            { key: "C", name: "Text", weight: "25", sendOffsetMinutes: "0", subject: "", ownContent: { channel: "sms", text: "Hi {{ customer.first_name }}" } },
          ],
        },
      }),
    ]) {
      const input = toCampaignInput(c, TZ);
      expect(toCampaignInput(editorStateFrom(saved(input), TZ), TZ)).toEqual(input);
    }
  });

  it("sends a subject variant as the campaign's template with its own subject, following later edits of the body", () => {
    const state = filled({ experiment: { ...emptyEditorState().experiment, variants: [{ key: "A", name: "A", weight: "100", sendOffsetMinutes: "0", subject: "Other", ownContent: null }] } });
    const input = toCampaignInput(state, TZ) as { experiment: { variants: { content: unknown }[] } };
    expect(input.experiment.variants[0]!.content).toEqual({ channel: "email", subject: "Other", preheader: "", html: "<p>Hi</p>", text: "" });
    const reopened = editorStateFrom(saved(toCampaignInput(state, TZ)), TZ);
    reopened.email = { ...reopened.email, html: "<p>New body</p>" };
    const again = toCampaignInput(reopened, TZ) as { experiment: { variants: { content: unknown }[] } };
    expect(again.experiment.variants[0]!.content).toEqual({ channel: "email", subject: "Other", preheader: "", html: "<p>New body</p>", text: "" });
  });

  it("names the choices still missing, under the field the server would name", () => {
    expect(missingChoices(emptyEditorState(), TZ)).toEqual({ segmentId: "Choose the segment this campaign is for." });
    expect(missingChoices({ ...emptyEditorState(), kind: "triggered" }, TZ)).toEqual({ "trigger.segmentId": "Choose the segment this campaign is for." });
    expect(missingChoices(filled({ scheduleMode: "at", at: "" }), TZ)).toEqual({ "schedule.at": "Choose the date and time to send." });
    expect(missingChoices(filled({ scheduleMode: "local", localDate: "" }), TZ)).toEqual({ "schedule.date": "Choose the date to send." });
    expect(missingChoices(filled(), TZ)).toEqual({});
    expect(missingChoices({ ...emptyEditorState(), kind: "recurring" }, TZ)).toEqual({ segmentId: "Choose the segment this campaign is for." });
    // Other triggers need no segment (one only narrows), but an event trigger needs its type and an attribute anniversary its attribute.
    expect(missingChoices({ ...emptyEditorState(), kind: "triggered", trigger: "p_alive_below" }, TZ)).toEqual({});
    expect(missingChoices({ ...emptyEditorState(), kind: "triggered", trigger: "event" }, TZ)).toEqual({ "trigger.eventType": "Name the event type." });
    expect(missingChoices({ ...emptyEditorState(), kind: "triggered", trigger: "anniversary", anniversaryOf: "attribute" }, TZ)).toEqual({ "trigger.of": "Name the date attribute, e.g. birthday." });
  });

  it("names a mistyped number under the trigger's field", () => {
    const result = campaignInputSchema.safeParse(toCampaignInput(filled({ kind: "triggered", trigger: "p_alive_below", threshold: "1.5" }), TZ));
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["trigger.threshold"]);
    const days = campaignInputSchema.safeParse(toCampaignInput(filled({ kind: "triggered", trigger: "days_since_last_order", days: "ninety" }), TZ));
    expect(days.error?.issues.map((i) => i.path.join("."))).toEqual(["trigger.days"]);
  });

  it("keeps a non-segment trigger's narrowing segment, and drops none a segment trigger carries in the trigger", () => {
    expect(toCampaignInput(filled({ kind: "triggered", trigger: "event", eventType: "x", segmentId: "7" }), TZ)).toMatchObject({ segmentId: 7, trigger: { type: "event", eventType: "x" } });
    expect(toCampaignInput(filled({ kind: "triggered", trigger: "segment_entry", segmentId: "7" }), TZ)).toMatchObject({ trigger: { type: "segment_entry", segmentId: 7 } });
    expect(toCampaignInput(filled({ kind: "triggered", trigger: "segment_entry", segmentId: "7" }), TZ)).not.toHaveProperty("segmentId");
  });
});
