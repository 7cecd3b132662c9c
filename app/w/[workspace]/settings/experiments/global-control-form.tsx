"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { saveGlobalControlAction } from "./actions";

/**
 * The global control percentage. A change is queued for a worker, which moves
 * only the customers it requires; while it is queued or running the page
 * refreshes itself every 2 s to show its state, and the form waits.
 */
export function GlobalControlForm({ slug, percent, pending }: { slug: string; percent: number; pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [pending, router]);
  const [value, setValue] = useState(String(percent));
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await saveGlobalControlAction(slug, { percent: value });
    setBusy(false);
    setError(result.ok ? undefined : result.fieldErrors?.percent);
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    setMessage({ ok: true, text: result.data.changed ? "Queued: customers move in the background; this page shows when it is done." : "Nothing changed." });
    router.refresh();
  }

  return (
    <form onSubmit={save} className="space-y-4" noValidate aria-label="Global control group">
      <Field
        id="global-control-percent"
        label="Global control group (%)"
        hint="0 to 50. Raising it adds customers; lowering it lets some go. Customers already in stay in while the group is at least as large."
        error={error}
      >
        <input
          id="global-control-percent"
          type="number"
          inputMode="numeric"
          min={0}
          max={50}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={noteId("global-control-percent")}
          aria-invalid={error ? true : undefined}
          className={`${inputClasses} md:w-40`}
        />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy || pending}>
          {busy ? "Saving…" : pending ? "Applying the last change…" : "Save"}
        </Button>
        <FormMessage message={message} />
      </div>
    </form>
  );
}
