"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { saveGlobalControlAction } from "./actions";

/** The global control percentage; the server moves only the customers the change requires and says how many. */
export function GlobalControlForm({ slug, percent }: { slug: string; percent: number }) {
  const router = useRouter();
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
    const { changed, joined, left } = result.data;
    setMessage({ ok: true, text: changed ? `Saved. ${joined.toLocaleString("en-US")} customers joined the group and ${left.toLocaleString("en-US")} left it.` : "Nothing changed." });
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
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </Button>
        <FormMessage message={message} />
      </div>
    </form>
  );
}
