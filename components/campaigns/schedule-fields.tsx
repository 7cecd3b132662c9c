"use client";

import { Field, FieldNote, inputClasses, noteId } from "@/components/ui/field";
import type { EditorState } from "./editor-model";

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
          <input
            id="schedule-at"
            type="datetime-local"
            value={state.at}
            onChange={(e) => set({ at: e.target.value })}
            aria-describedby={noteId("schedule-at")}
            aria-invalid={errors["schedule.at"] ? true : undefined}
            className={inputClasses}
          />
        </Field>
      ) : null}
      {state.scheduleMode === "local" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="schedule-date" label="Date" error={errors["schedule.date"]}>
            <input
              id="schedule-date"
              type="date"
              value={state.localDate}
              onChange={(e) => set({ localDate: e.target.value })}
              aria-describedby={noteId("schedule-date")}
              aria-invalid={errors["schedule.date"] ? true : undefined}
              className={inputClasses}
            />
          </Field>
          <Field id="schedule-time" label="Local time" hint="Customers without a time zone get it at this time in the workspace's." error={errors["schedule.time"]}>
            <input
              id="schedule-time"
              type="time"
              value={state.localTime}
              onChange={(e) => set({ localTime: e.target.value })}
              aria-describedby={noteId("schedule-time")}
              aria-invalid={errors["schedule.time"] ? true : undefined}
              className={inputClasses}
            />
          </Field>
        </div>
      ) : null}
      <FieldNote id="schedule-mode" error={errors.schedule ?? errors["schedule.mode"]} />
    </fieldset>
  );
}

/** What starts a triggered campaign's message, and whether a customer can get it again. */
export function TriggerFields({ state, set, errors, locked }: Props) {
  return (
    <div className="space-y-4">
      <fieldset className="space-y-1" disabled={locked}>
        <legend className="text-sm font-medium text-slate-800">Sends when a customer</legend>
        <Radio name="trigger-type" checked={state.trigger === "segment_entry"} onChange={() => set({ trigger: "segment_entry" })} disabled={locked}>
          enters the segment
        </Radio>
        <Radio name="trigger-type" checked={state.trigger === "segment_exit"} onChange={() => set({ trigger: "segment_exit" })} disabled={locked}>
          leaves the segment
        </Radio>
        <FieldNote id="trigger-type" hint="Only changes after launch count, not customers already in the segment." error={errors["trigger.type"]} />
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
