"use client";

import { Field, FieldInput, FieldNote, inputClasses, noteId } from "@/components/ui/field";
import { isDailyTrigger, type EditorState, type TriggerChoice } from "./editor-model";

interface Props {
  state: EditorState;
  set: (patch: Partial<EditorState>) => void;
  errors: Record<string, string>;
  timeZone: string;
  /** A paused campaign keeps its schedule. */
  locked: boolean;
}

function Radio({ name, checked, onChange, disabled, children }: { name: string; checked: boolean; onChange: () => void; disabled: boolean; children: React.ReactNode }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-800">
      <input type="radio" name={name} checked={checked} onChange={onChange} disabled={disabled} />
      {children}
    </label>
  );
}

/** When a broadcast goes out: now, at a date and time in the workspace's zone, or at a local time in each customer's zone. */
export function BroadcastScheduleFields({ state, set, errors, timeZone, locked }: Props) {
  return (
    <fieldset className="space-y-3" disabled={locked}>
      <legend className="text-sm font-medium text-slate-800">When it sends</legend>
      <div className="space-y-1">
        <Radio name="schedule-mode" checked={state.scheduleMode === "now"} onChange={() => set({ scheduleMode: "now" })} disabled={locked}>
          As soon as it is launched
        </Radio>
        <Radio name="schedule-mode" checked={state.scheduleMode === "at"} onChange={() => set({ scheduleMode: "at" })} disabled={locked}>
          At a date and time
        </Radio>
        <Radio name="schedule-mode" checked={state.scheduleMode === "local"} onChange={() => set({ scheduleMode: "local" })} disabled={locked}>
          At a time of day in each customer&apos;s own time zone
        </Radio>
      </div>
      {state.scheduleMode === "at" ? (
        <Field id="schedule-at" label="Send at" hint={`In the workspace's time zone, ${timeZone}.`} error={errors["schedule.at"]}>
          <FieldInput
            id="schedule-at"
            type="datetime-local"
            value={state.at}
            onChange={(e) => set({ at: e.target.value })}
            error={errors["schedule.at"]}
          />
        </Field>
      ) : null}
      {state.scheduleMode === "local" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="schedule-date" label="Date" error={errors["schedule.date"]}>
            <FieldInput
              id="schedule-date"
              type="date"
              value={state.localDate}
              onChange={(e) => set({ localDate: e.target.value })}
              error={errors["schedule.date"]}
            />
          </Field>
          <Field id="schedule-time" label="Local time" hint="Customers without a time zone get it at this time in the workspace's." error={errors["schedule.time"]}>
            <FieldInput
              id="schedule-time"
              type="time"
              value={state.localTime}
              onChange={(e) => set({ localTime: e.target.value })}
              error={errors["schedule.time"]}
            />
          </Field>
        </div>
      ) : null}
      <FieldNote id="schedule-mode" error={errors.schedule ?? errors["schedule.mode"]} />
    </fieldset>
  );
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** A repeating send to the segment: every day, a weekday, or a day of the month, at a time in the workspace's zone. */
export function RecurrenceFields({ state, set, errors, timeZone, locked }: Props) {
  return (
    <fieldset className="space-y-3" disabled={locked}>
      <legend className="text-sm font-medium text-slate-800">How often it sends</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="recurrence-every" label="Every" error={errors["recurrence.every"]}>
          <select id="recurrence-every" value={state.every} onChange={(e) => set({ every: e.target.value as EditorState["every"] })} className={inputClasses}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </Field>
        {state.every === "week" ? (
          <Field id="recurrence-weekday" label="On" error={errors["recurrence.weekday"]}>
            <select id="recurrence-weekday" value={state.weekday} onChange={(e) => set({ weekday: e.target.value })} className={inputClasses}>
              {WEEKDAYS.map((day, i) => (
                <option key={day} value={String(i + 1)}>
                  {day}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {state.every === "month" ? (
          <Field id="recurrence-day" label="On day" hint="1–28: every month has those days." error={errors["recurrence.dayOfMonth"]}>
            <FieldInput
              id="recurrence-day"
              type="number"
              min={1}
              max={28}
              value={state.dayOfMonth}
              onChange={(e) => set({ dayOfMonth: e.target.value })}
              error={errors["recurrence.dayOfMonth"]}
            />
          </Field>
        ) : null}
        <Field id="recurrence-time" label="At" hint={`In the workspace's time zone, ${timeZone}.`} error={errors["recurrence.time"]}>
          <FieldInput
            id="recurrence-time"
            type="time"
            value={state.recurTime}
            onChange={(e) => set({ recurTime: e.target.value })}
            error={errors["recurrence.time"]}
          />
        </Field>
      </div>
      <FieldNote id="recurrence" hint="Each send goes to everyone in the segment at that moment, through the contact policy." error={errors.recurrence} />
    </fieldset>
  );
}

const TRIGGERS: { value: TriggerChoice; label: string }[] = [
  { value: "segment_entry", label: "enters the segment" },
  { value: "segment_exit", label: "leaves the segment" },
  { value: "event", label: "has an event of a type" },
  { value: "days_since_last_order", label: "has not ordered for a number of days" },
  { value: "next_purchase_overdue", label: "is overdue for their next purchase" },
  { value: "p_alive_below", label: "has a P(alive) below a threshold" },
  { value: "churn_band_higher", label: "moves to a higher churn-risk band" },
  { value: "anniversary", label: "has an anniversary" },
];

/** The fields of the chosen trigger. */
function TriggerDetail({ state, set, errors }: Pick<Props, "state" | "set" | "errors">) {
  switch (state.trigger) {
    case "segment_entry":
    case "segment_exit":
      return <p className="text-xs text-slate-600">Only changes after launch count, not customers already in the segment.</p>;
    case "event":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="trigger-event-type" label="Event type" hint="As sent with the event, e.g. cart_abandoned." error={errors["trigger.eventType"]}>
            <FieldInput id="trigger-event-type" value={state.eventType} onChange={(e) => set({ eventType: e.target.value })} error={errors["trigger.eventType"]} placeholder="cart_abandoned" />
          </Field>
          <Field id="trigger-property-key" label="Only when property (optional)" error={errors["trigger.property.key"] ?? errors["trigger.property"]}>
            <FieldInput id="trigger-property-key" value={state.propertyKey} onChange={(e) => set({ propertyKey: e.target.value })} error={errors["trigger.property.key"]} placeholder="plan" />
          </Field>
          <Field id="trigger-property-equals" label="equals" hint="Compared as text." error={errors["trigger.property.equals"]}>
            <FieldInput id="trigger-property-equals" value={state.propertyEquals} onChange={(e) => set({ propertyEquals: e.target.value })} error={errors["trigger.property.equals"]} placeholder="pro" />
          </Field>
        </div>
      );
    case "days_since_last_order":
      return (
        <Field id="trigger-days" label="Days since the last order" hint="Calendar days in the workspace's time zone; an order in between stops it." error={errors["trigger.days"]}>
          <FieldInput id="trigger-days" type="number" min={1} max={3650} value={state.days} onChange={(e) => set({ days: e.target.value })} error={errors["trigger.days"]} />
        </Field>
      );
    case "next_purchase_overdue":
      return (
        <Field
          id="trigger-days"
          label="Days past the expected next purchase"
          hint="The day is due at the customer's own pace, from the latest CLV run; an order in between stops it."
          error={errors["trigger.days"]}
        >
          <FieldInput id="trigger-days" type="number" min={1} max={3650} value={state.days} onChange={(e) => set({ days: e.target.value })} error={errors["trigger.days"]} />
        </Field>
      );
    case "p_alive_below":
      return (
        <Field id="trigger-threshold" label="P(alive) below" hint="Between 0 and 1, from the latest CLV run." error={errors["trigger.threshold"]}>
          <FieldInput id="trigger-threshold" inputMode="decimal" value={state.threshold} onChange={(e) => set({ threshold: e.target.value })} error={errors["trigger.threshold"]} />
        </Field>
      );
    case "churn_band_higher":
      return (
        <Field id="trigger-churn-to" label="Moves" hint="Checked when a CLV run publishes new bands; a first scoring is not a move." error={errors["trigger.to"]}>
          <select id="trigger-churn-to" value={state.churnTo} onChange={(e) => set({ churnTo: e.target.value === "high" ? "high" : "any" })} className={inputClasses}>
            <option value="any">to any higher band (low → medium, medium → high)</option>
            <option value="high">only into high</option>
          </select>
        </Field>
      );
    case "anniversary":
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="trigger-anniversary-of" label="Of" error={state.anniversaryOf === "attribute" ? undefined : errors["trigger.of"]}>
            <select
              id="trigger-anniversary-of"
              value={state.anniversaryOf}
              onChange={(e) => set({ anniversaryOf: e.target.value as EditorState["anniversaryOf"] })}
              className={inputClasses}
            >
              <option value="first_order">their first order</option>
              <option value="signed_up">their sign-up</option>
              <option value="attribute">a date attribute (e.g. birthday)</option>
            </select>
          </Field>
          {state.anniversaryOf === "attribute" ? (
            <Field id="trigger-anniversary-attribute" label="Attribute name" hint="Its value is a date, YYYY-MM-DD; Feb 29 falls on Feb 28." error={errors["trigger.of"]}>
              <FieldInput
                id="trigger-anniversary-attribute"
                value={state.anniversaryAttribute}
                onChange={(e) => set({ anniversaryAttribute: e.target.value })}
                error={errors["trigger.of"]}
                placeholder="birthday"
              />
            </Field>
          ) : null}
        </div>
      );
  }
}

/** What starts a triggered campaign's message, and whether a customer can get it again. */
export function TriggerFields({ state, set, errors, timeZone, locked }: Props) {
  return (
    <div className="space-y-4">
      <fieldset className="space-y-1" disabled={locked}>
        <legend className="text-sm font-medium text-slate-800">Sends when a customer</legend>
        {TRIGGERS.map((t) => (
          <Radio key={t.value} name="trigger-type" checked={state.trigger === t.value} onChange={() => set({ trigger: t.value })} disabled={locked}>
            {t.label}
          </Radio>
        ))}
        <FieldNote id="trigger-type" error={errors["trigger.type"] ?? errors.trigger} />
      </fieldset>
      <fieldset className="space-y-3" disabled={locked}>
        <TriggerDetail state={state} set={set} errors={errors} />
        {isDailyTrigger(state.trigger) ? (
          <Field id="trigger-time" label="Checked daily at" hint={`In the workspace's time zone, ${timeZone}.`} error={errors["trigger.time"]}>
            <FieldInput id="trigger-time" type="time" value={state.dailyTime} onChange={(e) => set({ dailyTime: e.target.value })} error={errors["trigger.time"]} />
          </Field>
        ) : null}
      </fieldset>
      <fieldset className="space-y-1" disabled={locked}>
        <legend className="text-sm font-medium text-slate-800">Each customer gets it</legend>
        <Radio name="reeligibility" checked={state.reeligibility === "once"} onChange={() => set({ reeligibility: "once" })} disabled={locked}>
          once
        </Radio>
        <div className="flex flex-wrap items-center gap-2">
          <Radio name="reeligibility" checked={state.reeligibility === "after_days"} onChange={() => set({ reeligibility: "after_days" })} disabled={locked}>
            again, once this many days have passed:
          </Radio>
          <input
            id="reeligibility-days"
            type="number"
            min={1}
            max={3650}
            aria-label="Days before a customer can get it again"
            value={state.reeligibleDays}
            onChange={(e) => set({ reeligibleDays: e.target.value, reeligibility: "after_days" })}
            aria-describedby={noteId("reeligibility-days")}
            aria-invalid={errors["reeligibility.days"] ? true : undefined}
            className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500"
          />
        </div>
        <FieldNote id="reeligibility-days" error={errors["reeligibility.days"] ?? errors.reeligibility} />
      </fieldset>
    </div>
  );
}
