/** Shown while the value drivers load. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading value drivers" className="animate-pulse space-y-4">
      <div className="h-8 w-48 rounded bg-slate-200" />
      <div className="h-40 w-full rounded-lg bg-slate-100" />
      <div className="h-96 w-full rounded-lg bg-slate-100" />
    </div>
  );
}
