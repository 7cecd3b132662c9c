import Link from "next/link";
import { defaultDirection, listSearchParams, type CustomerListParams, type CustomerSort } from "@/lib/customers/customer-list-params";
import { Th } from "@/components/ui/table";

/**
 * A column header; a sortable one is a link to the first page in that order
 * (again: the other direction), and says which order is shown to screen readers.
 */
export function SortHeader({
  base,
  params,
  column,
  label,
  numeric,
}: {
  base: string;
  params: CustomerListParams;
  column?: CustomerSort;
  label: string;
  numeric?: boolean;
}) {
  const align = numeric ? "text-right" : undefined;
  if (!column) return <Th className={align}>{label}</Th>;
  const active = params.sort === column;
  const direction = active ? (params.direction === "desc" ? "asc" : "desc") : defaultDirection(column);
  const href = `${base}?${listSearchParams({ ...params, sort: column, direction }).toString()}`;
  const shown = active ? (params.direction === "desc" ? "descending" : "ascending") : undefined;
  return (
    <Th className={align} aria-sort={shown ?? "none"}>
      <Link href={href} className="inline-flex items-center gap-1 hover:text-slate-900 hover:underline" data-sort={column}>
        {label}
        {active ? <span aria-hidden="true">{params.direction === "desc" ? "↓" : "↑"}</span> : null}
        <span className="sr-only">{active ? `, sorted ${shown}; select to reverse` : ", select to sort"}</span>
      </Link>
    </Th>
  );
}
