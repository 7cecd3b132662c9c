import type { ChannelName } from "@/lib/campaigns/campaign-views";
import type { TemplateContent } from "@/lib/campaigns/templates/template-content";
import { instantToWallTime, wallTimeToInstant } from "@/lib/time/zoned-input";
import { emptyExperiment, experimentInput, experimentStateFrom, type EditorExperiment } from "./experiment-model";

/**
 * What the campaign editor holds while it is being filled in, and how it
 * becomes the campaign input the server validates (lib/campaigns/campaign.schema.ts).
 * Each channel keeps its own template, so switching channel and back loses
 * nothing. Numbers stay text until they are sent: an empty field means the
 * default.
 */
export type CampaignKindChoice = "broadcast" | "triggered";
export type ScheduleMode = "now" | "at" | "local";

export interface EditorState {
  name: string;
  kind: CampaignKindChoice;
  /** "" until a segment is chosen. */
  segmentId: string;
  channel: ChannelName;
  email: { subject: string; preheader: string; html: string; text: string };
  sms: { text: string };
  push: { payload: string };
  webhook: { payload: string };
  scheduleMode: ScheduleMode;
  /** datetime-local text, read in the workspace's time zone. */
  at: string;
  localDate: string;
  localTime: string;
  trigger: "segment_entry" | "segment_exit";
  reeligibility: "once" | "after_days";
  reeligibleDays: string;
  priority: string;
  exemptFromCap: boolean;
  /** "" for the workspace's expiry. */
  expiryHours: string;
  ignoreQuietHours: boolean;
  experiment: EditorExperiment;
}

const STARTER_HTML = `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Write your message here.</p>
<p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>`;

const STARTER_PAYLOAD = `{
  "title": "Hello {{ customer.first_name | default: 'there' }}",
  "body": "Write your message here.",
  "customer": {{ customer.external_id | json }}
}`;

export function emptyEditorState(): EditorState {
  return {
    name: "",
    kind: "broadcast",
    segmentId: "",
    channel: "email",
    email: { subject: "", preheader: "", html: STARTER_HTML, text: "" },
    sms: { text: "" },
    push: { payload: STARTER_PAYLOAD },
    webhook: { payload: STARTER_PAYLOAD },
    scheduleMode: "now",
    at: "",
    localDate: "",
    localTime: "09:00",
    trigger: "segment_entry",
    reeligibility: "once",
    reeligibleDays: "30",
    priority: "0",
    exemptFromCap: false,
    expiryHours: "",
    ignoreQuietHours: false,
    experiment: emptyExperiment(),
  };
}

interface StoredCampaign {
  name: string;
  kind: string;
  segment: { id: number } | null;
  content: TemplateContent;
  schedule: unknown;
  policy: unknown;
  experiment?: Parameters<typeof experimentStateFrom>[0];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** The editor filled with a saved campaign (its schedule's instant shown in the workspace's zone). */
export function editorStateFrom(campaign: StoredCampaign, timeZone: string): EditorState {
  const state = emptyEditorState();
  state.name = campaign.name;
  state.kind = campaign.kind === "triggered" ? "triggered" : "broadcast";
  state.segmentId = campaign.segment ? String(campaign.segment.id) : "";
  const content = campaign.content;
  state.channel = content.channel;
  if (content.channel === "email") state.email = { subject: content.subject, preheader: content.preheader, html: content.html, text: content.text };
  else if (content.channel === "sms") state.sms = { text: content.text };
  else state[content.channel] = { payload: content.payload };

  const schedule = record(campaign.schedule);
  const broadcast = record(schedule.broadcast);
  if (broadcast.mode === "at" && typeof broadcast.at === "string") {
    state.scheduleMode = "at";
    state.at = instantToWallTime(broadcast.at, timeZone);
  } else if (broadcast.mode === "local") {
    state.scheduleMode = "local";
    state.localDate = String(broadcast.date ?? "");
    state.localTime = String(broadcast.time ?? "");
  }
  const trigger = record(schedule.trigger);
  if (trigger.type === "segment_exit") state.trigger = "segment_exit";
  const again = record(schedule.reeligibility);
  if (again.mode === "after_days") {
    state.reeligibility = "after_days";
    state.reeligibleDays = String(again.days ?? "");
  }

  const policy = record(campaign.policy);
  state.priority = String(typeof policy.priority === "number" ? policy.priority : 0);
  state.exemptFromCap = policy.exemptFromCap === true;
  state.expiryHours = typeof policy.expiryHours === "number" ? String(policy.expiryHours) : "";
  state.ignoreQuietHours = policy.ignoreQuietHours === true;
  state.experiment = experimentStateFrom(campaign.experiment, content);
  return state;
}

/** The template being edited, for the channel chosen. */
export function contentOf(state: EditorState): TemplateContent {
  switch (state.channel) {
    case "email":
      return { channel: "email", ...state.email };
    case "sms":
      return { channel: "sms", ...state.sms };
    case "push":
      return { channel: "push", ...state.push };
    case "webhook":
      return { channel: "webhook", ...state.webhook };
  }
}

/** A whole number typed in a field; an empty field is the default; anything else goes as typed, for the server to name. */
function numberField(text: string, empty: number | null): number | null | string {
  const trimmed = text.trim();
  if (trimmed === "") return empty;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * What is missing before the server is asked: choices a form leaves empty
 * (no segment, no send time). Keyed like the server's field errors.
 */
export function missingChoices(state: EditorState, timeZone: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const segmentPath = state.kind === "broadcast" ? "segmentId" : "trigger.segmentId";
  if (state.segmentId === "") problems[segmentPath] = "Choose the segment this campaign is for.";
  if (state.kind === "broadcast" && state.scheduleMode === "at" && !wallTimeToInstant(state.at, timeZone)) problems["schedule.at"] = "Choose the date and time to send.";
  if (state.kind === "broadcast" && state.scheduleMode === "local" && state.localDate === "") problems["schedule.date"] = "Choose the date to send.";
  return problems;
}

/** The campaign input, shaped as lib/campaigns/campaign.schema.ts reads it. */
export function toCampaignInput(state: EditorState, timeZone: string): Record<string, unknown> {
  const segmentId = numberField(state.segmentId, null);
  const policy = {
    priority: numberField(state.priority, 0),
    exemptFromCap: state.exemptFromCap,
    expiryHours: numberField(state.expiryHours, null),
    ignoreQuietHours: state.ignoreQuietHours,
  };
  const content = contentOf(state);
  const common = { name: state.name, content, policy, experiment: experimentInput(state.experiment, content) };
  if (state.kind === "triggered") {
    const reeligibility = state.reeligibility === "once" ? { mode: "once" } : { mode: "after_days", days: numberField(state.reeligibleDays, null) };
    return { ...common, kind: "triggered", trigger: { type: state.trigger, segmentId }, reeligibility };
  }
  const schedule =
    state.scheduleMode === "now"
      ? { mode: "now" }
      : state.scheduleMode === "at"
        ? { mode: "at", at: wallTimeToInstant(state.at, timeZone)?.toISOString() ?? state.at }
        : { mode: "local", date: state.localDate, time: state.localTime };
  return { ...common, kind: "broadcast", segmentId, schedule };
}

/**
 * Whether this editor can show a saved campaign without losing anything:
 * broadcasts and segment entry/exit triggers. Recurring sends and the other
 * triggers (events, days since last order, P(alive), anniversaries) are made
 * and changed through the API until the editor has fields for them.
 */
export function editorSupports(campaign: { kind: string; schedule: unknown }): boolean {
  if (campaign.kind === "broadcast") return true;
  if (campaign.kind !== "triggered") return false;
  const type = record(record(campaign.schedule).trigger).type;
  return type === "segment_entry" || type === "segment_exit";
}
