"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret the server generated for the save just made, shown this once
 * with a copy button: it is stored sealed and cannot be shown again.
 */
export function NewSecretNotice({ secret, what, onDone }: { secret: string; what: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const [blocked, setBlocked] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setBlocked(true);
    }
  }

  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="font-medium text-emerald-900">{what} It is shown only once and cannot be recovered.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200">{secret}</code>
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      {blocked ? <p className="mt-2 text-xs text-red-700">Copying is blocked by the browser; select the secret and copy it by hand.</p> : null}
    </div>
  );
}
