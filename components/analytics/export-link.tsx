/** A link to one dashboard table as CSV (route: /api/w/[workspace]/analytics/[page]/export?table=). */
export function ExportLink({ slug, page, table, query, label }: { slug: string; page: "ltv" | "rfm" | "overview"; table: string; query?: Record<string, string>; label?: string }) {
  const params = new URLSearchParams({ table, ...query });
  return (
    <a className="text-xs text-blue-700 underline hover:text-blue-900" href={`/api/w/${slug}/analytics/${page}/export?${params.toString()}`}
      download
      aria-label={`Export ${label ?? table} as CSV`}
      data-testid={`export-${page}-${table}`}
    >
      Export CSV
    </a>
  );
}
