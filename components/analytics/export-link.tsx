/** A link to one dashboard table as CSV (route: /api/w/[workspace]/analytics/[page]/export?table=). */
export function ExportLink({ slug, page, table, query }: { slug: string; page: "ltv" | "rfm" | "overview"; table: string; query?: Record<string, string> }) {
  const params = new URLSearchParams({ table, ...query });
  return (
    <a className="text-xs text-blue-700 underline hover:text-blue-900" href={`/api/w/${slug}/analytics/${page}/export?${params.toString()}`} download>
      Export CSV
    </a>
  );
}
