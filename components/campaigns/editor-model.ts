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
export type CampaignKindChoice = "broadcast" | "recurring" | "triggered";
export type ScheduleMode = "now" | "at" | "local";
export type TriggerChoice =
  | "segment_entry"
  | "segment_exit"
  | "event"
  | "days_since_last_order"
  | "next_purchase_overdue"
  | "p_alive_below"
  | "churn_band_higher"
  | "anniversary";
export type RecurrenceEvery = "day" | "week" | "month";
export type AnniversaryOf = "first_order" | "signed_up" | "attribute";

/** Triggers that fire as rows arrive from a segment; the others may narrow their picks with an optional segment. */
export function isSegmentTrigger(trigger: TriggerChoice): boolean {
  return trigger === "segment_entry" || trigger === "segment_exit";
}

/** Triggers checked once a day at a local time (the schema's DAILY_TRIGGERS). */
export function isDailyTrigger(trigger: TriggerChoice): boolean {
  return trigger === "days_since_last_order" || trigger === "next_purchase_overdue" || trigger === "p_alive_below" || trigger === "anniversary";
}

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
  /** Recurring: every day, week (on `weekday`, 1 = Monday) or month (on `dayOfMonth`), at `recurTime` in the workspace's zone. */
  every: RecurrenceEvery;
  weekday: string;
  dayOfMonth: string;
  recurTime: string;
  trigger: TriggerChoice;
  eventType: string;
  /** Optional property filter of an event trigger: both empty means none. */
  propertyKey: string;
  propertyEquals: string;
  /** Days since the last order. */
  days: string;
  /** P(alive) below this (a decimal between 0 and 1). */
  threshold: string;
  churnTo: "any" | "high";
  anniversaryOf: AnniversaryOf;
  /** The date attribute's name, for an anniversary of an attribute. */
  anniversaryAttribute: string;
  /** When a daily trigger is checked, in the workspace's zone. */
  dailyTime: string;
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
    every: "week",
    weekday: "1",
    dayOfMonth: "1",
    recurTime: "09:00",
    trigger: "segment_entry",
    eventType: "",
    propertyKey: "",
    propertyEquals: "",
    days: "60",
    threshold: "0.3",
    churnTo: "any",
    anniversaryOf: "first_order",
    anniversaryAttribute: "",
    dailyTime: "10:00",
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
  state.kind = campaign.kind === "triggered" ? "triggered" : campaign.kind === "recurring" ? "recurring" : "broadcast";
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
  const recurrence = record(schedule.recurrence);
  if (campaign.kind === "recurring") {
    state.every = recurrence.every === "day" ? "day" : recurrence.every === "month" ? "month" : "week";
    if (typeof recurrence.weekday === "number") state.weekday = String(recurrence.weekday);
    if (typeof recurrence.dayOfMonth === "number") state.dayOfMonth = String(recurrence.dayOfMonth);
    state.recurTime = String(recurrence.time ?? state.recurTime);
  }
  const trigger = record(schedule.trigger);
  switch (trigger.type) {
    case "segment_entry":
    case "segment_exit":
    case "churn_band_higher":
    case "event":
    case "days_since_last_order":
    case "next_purchase_overdue":
    case "p_alive_below":
    case "anniversary":
      state.trigger = trigger.type;
  }
  if (trigger.type === "event") {
    state.eventType = String(trigger.eventType ?? "");
    const property = record(trigger.property);
    if (typeof property.key === "string") {
      state.propertyKey = property.key;
      state.propertyEquals = String(property.equals ?? "");
    }
  }
  if (typeof trigger.days === "number") state.days = String(trigger.days);
  if (typeof trigger.threshold === "number") state.threshold = String(trigger.threshold);
  if (trigger.type === "churn_band_higher") state.churnTo = trigger.to === "high" ? "high" : "any";
  if (typeof trigger.of === "string") {
    if (trigger.of.startsWith("attributes.")) {
      state.anniversaryOf = "attribute";
      state.anniversaryAttribute = trigger.of.slice("attributes.".length);
    } else state.anniversaryOf = trigger.of === "signed_up" ? "signed_up" : "first_order";
  }
  if (typeof trigger.time === "string") state.dailyTime = trigger.time;
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

/** A decimal typed in a field (P(alive) threshold); anything that is not one goes as typed, for the server to name. */
function decimalField(text: string): number | string {
  const trimmed = text.trim();
  return /^-?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Where the server names a missing segment: in the trigger for segment triggers, at the top otherwise. */
export function segmentPathOf(state: EditorState): string {
  return state.kind === "triggered" && isSegmentTrigger(state.trigger) ? "trigger.segmentId" : "segmentId";
}

/** A triggered campaign on another trigger needs no segment: one only narrows its picks. */
export function segmentRequired(state: EditorState): boolean {
  return state.kind !== "triggered" || isSegmentTrigger(state.trigger);
}

/**
 * What is missing before the server is asked: choices a form leaves empty
 * (no segment, no send time, no event type). Keyed like the server's field errors.
 */
export function missingChoices(state: EditorState, timeZone: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (segmentRequired(state) && state.segmentId === "") problems[segmentPathOf(state)] = "Choose the segment this campaign is for.";
  if (state.kind === "broadcast" && state.scheduleMode === "at" && !wallTimeToInstant(state.at, timeZone)) problems["schedule.at"] = "Choose the date and time to send.";
  if (state.kind === "broadcast" && state.scheduleMode === "local" && state.localDate === "") problems["schedule.date"] = "Choose the date to send.";
  if (state.kind === "triggered" && state.trigger === "event" && state.eventType.trim() === "") problems["trigger.eventType"] = "Name the event type.";
  if (state.kind === "triggered" && state.trigger === "anniversary" && state.anniversaryOf === "attribute" && state.anniversaryAttribute.trim() === "") {
    problems["trigger.of"] = "Name the date attribute, e.g. birthday.";
  }
  return problems;
}

function triggerInput(state: EditorState, segmentId: number | null | string): Record<string, unknown> {
  switch (state.trigger) {
    case "segment_entry":
    case "segment_exit":
      return { type: state.trigger, segmentId };
    case "event": {
      const key = state.propertyKey.trim();
      return { type: "event", eventType: state.eventType, ...(key !== "" || state.propertyEquals !== "" ? { property: { key, equals: state.propertyEquals } } : {}) };
    }
    case "days_since_last_order":
    case "next_purchase_overdue":
      return { type: state.trigger, days: numberField(state.days, null), time: state.dailyTime };
    case "p_alive_below":
      return { type: state.trigger, threshold: decimalField(state.threshold), time: state.dailyTime };
    case "churn_band_higher":
      return { type: state.trigger, ...(state.churnTo === "high" ? { to: "high" } : {}) };
    case "anniversary":
      return { type: state.trigger, of: state.anniversaryOf === "attribute" ? `attributes.${state.anniversaryAttribute.trim()}` : state.anniversaryOf, time: state.dailyTime };
  }
}

function recurrenceInput(state: EditorState): Record<string, unknown> {
  if (state.every === "day") return { every: "day", time: state.recurTime };
  if (state.every === "week") return { every: "week", weekday: numberField(state.weekday, null), time: state.recurTime };
  return { every: "month", dayOfMonth: numberField(state.dayOfMonth, null), time: state.recurTime };
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
    const narrowing = isSegmentTrigger(state.trigger) ? {} : { segmentId };
    return { ...common, kind: "triggered", trigger: triggerInput(state, segmentId), ...narrowing, reeligibility };
  }
  if (state.kind === "recurring") return { ...common, kind: "recurring", segmentId, recurrence: recurrenceInput(state) };
  const schedule =
    state.scheduleMode === "now"
      ? { mode: "now" }
      : state.scheduleMode === "at"
        ? { mode: "at", at: wallTimeToInstant(state.at, timeZone)?.toISOString() ?? state.at }
        : { mode: "local", date: state.localDate, time: state.localTime };
  return { ...common, kind: "broadcast", segmentId, schedule };
}
