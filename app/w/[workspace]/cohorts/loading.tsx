/** Shown while the cohort matrix loads. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading cohorts" className="animate-pulse space-y-4">
      <div className="h-8 w-48 rounded bg-slate-200" />
      <div className="h-10 w-full max-w-3xl rounded bg-slate-100" />
      <div className="h-96 w-full rounded-lg bg-slate-100" />
    </div>
  );
}
