/** Grey placeholders in the shape of a dashboard while its numbers load. */
export function DashboardSkeleton({ cards = 4, charts = 2 }: { cards?: number; charts?: number }) {
  return (
    <div role="status" aria-live="polite" aria-label="Loading" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {Array.from({ length: cards }, (_, i) => (
          <div key={i} className="h-24 rounded-lg border border-slate-200 bg-slate-100" />
        ))}
      </div>
      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        {Array.from({ length: charts }, (_, i) => (
          <div key={i} className="h-72 rounded-lg border border-slate-200 bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
