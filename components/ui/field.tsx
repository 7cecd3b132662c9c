import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled control with its hint and, after a refused save, the server's
 * error for that field. The control takes `id={id}`,
 * `aria-describedby={noteId(id)}` and `aria-invalid` when there is an error,
 * so the hint and the error are read with it but are not part of its name.
 */
export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <FieldNote id={id} hint={hint} error={error} />
    </div>
  );
}

/** The hint and error under a control (or a group of them, e.g. radio buttons in a fieldset). */
export function FieldNote({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <div id={noteId(id)}>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function noteId(id: string): string {
  return `${id}-note`;
}

export const inputClasses = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-red-500 disabled:bg-slate-50 disabled:text-slate-500";

/** A text, number, date or time input inside a Field: tied to the Field's note, and marked invalid while it has an error. */
export function FieldInput({ id, error, ...rest }: { id: string; error?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return <input id={id} aria-describedby={noteId(id)} aria-invalid={error ? true : undefined} className={inputClasses} {...rest} />;
}
