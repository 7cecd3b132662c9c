"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from "@/lib/campaigns/policy/channel-kind-names";
import { Button } from "@/components/ui/button";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { addSuppressionAction } from "./actions";

const PLACEHOLDERS: Record<(typeof CHANNEL_KINDS)[number], string> = {
  email: "name@example.com",
  sms: "+49 151 2345678",
  push: "Customer ID",
  webhook: "Customer ID",
};

/** Adds one address by hand; the server normalises it the way campaigns match it and says where it is wrong. */
export function AddSuppressionForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [channel, setChannel] = useState<(typeof CHANNEL_KINDS)[number]>("email");
  const [address, setAddress] = useState("");
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await addSuppressionAction(slug, { channel, address, note });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    if (!result.ok) return setMessage({ ok: false, text: result.error });
    setAddress("");
    setNote("");
    setMessage({ ok: true, text: `${result.data.address} is on the ${CHANNEL_KIND_NAMES[result.data.channel]} suppression list: no campaign will send to it.` });
    router.refresh();
  }

  return (
    <form onSubmit={add} className="space-y-4" noValidate aria-label="Add an address">
      <div className="grid gap-4 md:grid-cols-4">
        <Field id="suppression-channel" label="Channel" error={fieldErrors.channel}>
          <select
            id="suppression-channel"
            value={channel}
            onChange={(e) => setChannel(e.target.value as (typeof CHANNEL_KINDS)[number])}
            aria-describedby={noteId("suppression-channel")}
            className={inputClasses}
          >
            {CHANNEL_KINDS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_KIND_NAMES[c]}
              </option>
            ))}
          </select>
        </Field>
        <div className="md:col-span-3">
          <Field
            id="suppression-address"
            label="Address"
            hint={channel === "push" || channel === "webhook" ? "Push and webhook messages address customers by their customer ID." : "Stored the way campaigns match it: email in lower case, phone numbers as + and digits."}
            error={fieldErrors.address}
          >
            <input
              id="suppression-address"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder={PLACEHOLDERS[channel]}
              autoComplete="off"
              aria-describedby={noteId("suppression-address")}
              aria-invalid={fieldErrors.address ? true : undefined}
              className={inputClasses}
            />
          </Field>
        </div>
      </div>
      <Field id="suppression-note" label="Note (optional)" hint="Why, for whoever looks later: “asked by phone on 3 May”." error={fieldErrors.note}>
        <input
          id="suppression-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoComplete="off"
          aria-describedby={noteId("suppression-note")}
          aria-invalid={fieldErrors.note ? true : undefined}
          className={inputClasses}
        />
      </Field>
      <FormMessage message={message} />
      <Button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add to the suppression list"}
      </Button>
    </form>
  );
}
