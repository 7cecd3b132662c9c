"use client";

import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { changePasswordAction } from "./actions";

const FIELDS = [
  ["currentPassword", "Current password", "current-password"],
  ["newPassword", "New password (12+ characters; not a common password, a repeat or a sequence)", "new-password"],
  ["confirmPassword", "New password again", "new-password"],
] as const;

export function ChangePasswordForm({ slug }: { slug: string }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    const result = await changePasswordAction(slug, Object.fromEntries(FIELDS.map(([name]) => [name, String(data.get(name) ?? "")])));
    if (result.ok) {
      // Every session has ended, this one too: sign in again with the new password.
      await signOut({ callbackUrl: `/signin?notice=password-changed&callbackUrl=${encodeURIComponent(`/w/${slug}/account`)}` });
      return;
    }
    setBusy(false);
    setFieldErrors(result.fieldErrors ?? {});
    setError(result.error);
  }

  return (
    <form onSubmit={submit} className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" noValidate>
      <h2 className="text-sm font-semibold">Change your password</h2>
      <p className="text-sm text-slate-600">Changing it signs you out everywhere, on every device; sign in again with the new one.</p>
      {FIELDS.map(([name, label, autoComplete]) => (
        <label key={name} className="block">
          <span className="text-sm text-slate-700">{label}</span>
          <input name={name} type="password" autoComplete={autoComplete} required className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          {fieldErrors[name] ? <span className="mt-1 block text-xs text-red-700">{fieldErrors[name]}</span> : null}
        </label>
      ))}
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
