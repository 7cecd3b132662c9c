import type { ReactNode } from "react";

/**
 * A labelled control with its hint and, after a refused save, the server's
 * error for that field. The control takes `id={id}` and
 * `aria-describedby={noteId(id)}`, so the hint and the error are read with it
 * but are not part of its name.
 */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <div id={noteId(id)}>
        {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
        {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
      </div>
    </div>
  );
}

export function noteId(id: string): string {
  return `${id}-note`;
}

export const inputClasses = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-red-500";
