"use client";

import { Field, FieldInput } from "@/components/ui/field";
import type { EditorState } from "./editor-model";

/** The campaign's own place in the workspace's contact policy. */
export function PolicyFields({ state, set, errors }: { state: EditorState; set: (patch: Partial<EditorState>) => void; errors: Record<string, string> }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="policy-priority" label="Priority" hint="From -100 to 100. When campaigns compete for a customer's last slot under the frequency cap, the higher one wins." error={errors["policy.priority"]}>
          <FieldInput
            id="policy-priority"
            type="number"
            min={-100}
            max={100}
            value={state.priority}
            onChange={(e) => set({ priority: e.target.value })}
            error={errors["policy.priority"]}
          />
        </Field>
        <Field id="policy-expiry" label="Expiry (hours)" hint="A message still waiting this long after the send time is dropped. Empty: the workspace's expiry." error={errors["policy.expiryHours"]}>
          <FieldInput
            id="policy-expiry"
            type="number"
            min={1}
            max={720}
            value={state.expiryHours}
            placeholder="Workspace default"
            onChange={(e) => set({ expiryHours: e.target.value })}
            error={errors["policy.expiryHours"]}
          />
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-1" checked={state.exemptFromCap} onChange={(e) => set({ exemptFromCap: e.target.checked })} />
        <span>
          Exempt from the frequency cap
          <span className="block text-xs text-slate-500">For transactional messages: not held back by the cap, and not counted in it.</span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-1" checked={state.ignoreQuietHours} onChange={(e) => set({ ignoreQuietHours: e.target.checked })} />
        <span>
          Ignore quiet hours
          <span className="block text-xs text-slate-500">Sends during the workspace&apos;s quiet hours too (e.g. an order receipt).</span>
        </span>
      </label>
    </div>
  );
}
