import Link from "next/link";
import { CHURN_BANDS, type CustomerListFilters, type CustomerSort, type SortDirection } from "@/lib/customers/customer-list-params";
import { RFM_SEGMENT_NAMES } from "@/lib/analytics/rfm/rfm-settings.schema";
import { buttonClasses } from "@/components/ui/button";
import { Field, FieldInput, inputClasses, noteId } from "@/components/ui/field";

/**
 * The list's search and filters as a plain GET form: the URL is the state, so
 * a filtered view can be bookmarked, shared and exported as it is. The server
 * validates every parameter and names the one it cannot use beside its field.
 */
export function CustomerFilters({
  action,
  query,
  sort,
  direction,
  filters,
  segments,
  problems,
  clearHref,
}: {
  action: string;
  query: string;
  sort: CustomerSort;
  direction: SortDirection;
  filters: CustomerListFilters;
  segments: { id: number; name: string }[];
  problems: { path: string; message: string }[];
  clearHref: string | null;
}) {
  const error = (path: string) => problems.find((p) => p.path === path)?.message;
  const rfmNames: string[] = [...RFM_SEGMENT_NAMES];
  if (filters.rfmSegment && !rfmNames.includes(filters.rfmSegment)) rfmNames.push(filters.rfmSegment);
  const select = (id: string) => ({ id, "aria-describedby": noteId(id), "aria-invalid": error(id.replace("filter-", "")) ? true : undefined, className: inputClasses });
  return (
    <form action={action} method="get" className="mb-4 space-y-3" role="search" aria-label="Search and filter customers">
      <Field id="filter-q" label="Search customers" error={error("q")} hint="Email, name or customer ID (3+ characters; shorter input matches an exact ID or email).">
        <FieldInput id="filter-q" name="q" defaultValue={query} error={error("q")} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="filter-segment" label="Segment" error={error("segment")}>
          <select name="segment" defaultValue={filters.segmentId?.toString() ?? ""} {...select("filter-segment")}>
            <option value="">Any segment</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="filter-rfm" label="RFM segment" error={error("rfm")}>
          <select name="rfm" defaultValue={filters.rfmSegment ?? ""} {...select("filter-rfm")}>
            <option value="">Any RFM segment</option>
            {rfmNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="filter-churn" label="Churn risk" error={error("churn")}>
          <select name="churn" defaultValue={filters.churnBand ?? ""} {...select("filter-churn")}>
            <option value="">Any churn risk</option>
            {CHURN_BANDS.map((band) => (
              <option key={band} value={band}>
                {band.charAt(0).toUpperCase() + band.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="filter-country" label="Country" error={error("country")} hint="Two-letter code, e.g. DE.">
          <FieldInput id="filter-country" name="country" defaultValue={filters.country ?? ""} error={error("country")} maxLength={10} />
        </Field>
      </div>
      {sort !== "newest" ? <input type="hidden" name="sort" value={sort} /> : null}
      {sort !== "newest" ? <input type="hidden" name="dir" value={direction} /> : null}
      {error("sort") || error("dir") ? <p className="text-sm text-red-700">{error("sort") ?? error("dir")}</p> : null}
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("secondary")}>
          Search
        </button>
        {clearHref ? (
          <Link href={clearHref} className={buttonClasses("ghost")}>
            Clear filters and sort
          </Link>
        ) : null}
      </div>
    </form>
  );
}
