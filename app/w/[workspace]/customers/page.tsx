import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isFiltered, listSearchParams, parseCustomerListParams, type RawCustomerListParams } from "@/lib/customers/customer-list-params";
import { countCustomers, countFilteredCustomers, listCustomers, type FilteredCount } from "@/lib/customers/list-customers";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { db } from "@/lib/db/client";
import { pageAccess } from "@/lib/next/page-access";
import { can } from "@/lib/auth/permissions";
import { listSegments } from "@/lib/segments/list-segments";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { CustomerFilters } from "./customer-filters";
import { SortHeader } from "./sort-header";

export const metadata: Metadata = { title: "Customers" };

function countText(count: FilteredCount): string {
  if (count.kind === "exact") return `${formatNumber(count.value)} matching customers.`;
  if (count.kind === "more-than") return `More than ${formatNumber(count.value)} matching customers (counted up to ${formatNumber(count.value)}).`;
  return "Matching customers: too many to count quickly; the list below is complete page by page.";
}

export default async function CustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<RawCustomerListParams>;
}) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "customers.read");
  const ws = access.workspace;
  // A malformed cursor starts from the first page; a filter that cannot be used is explained instead of listed.
  const listParams = parseCustomerListParams(await searchParams);
  const { query: q, after: cursor, sort, direction, filters } = listParams;
  const segments = await listSegments(ws.id);
  const problems = [...listParams.problems];
  if (filters.segmentId !== undefined && !segments.some((s) => s.id === filters.segmentId)) {
    // Another workspace's segment is a 404 exactly like a missing one; an archived one of this workspace is explained.
    const archived = await db.segment.findFirst({ where: { id: filters.segmentId, workspaceId: ws.id }, select: { id: true } });
    if (!archived) notFound();
    problems.push({ path: "segment", message: `Segment: segment ${filters.segmentId} is archived; restore it to filter by it.` });
  }
  const filtered = isFiltered(listParams);
  const [page, total, matching] =
    problems.length > 0
      ? [{ rows: [], nextCursor: null }, null, null]
      : await Promise.all([
          listCustomers({ workspaceId: ws.id, query: q, after: cursor, sort, direction, filters }),
          countCustomers(ws.id),
          filtered ? countFilteredCustomers({ workspaceId: ws.id, query: q, filters }) : Promise.resolve(null),
        ]);
  const base = `/w/${slug}/customers`;
  const kept = listSearchParams(listParams);
  const exportHref = `/api/w/${slug}/customers/export${kept.size ? `?${kept.toString()}` : ""}`;

  if (!filtered && !cursor && total === 0) {
    return (
      <>
        <PageHeader title="Customers" />
        <EmptyState
          title="No customers yet"
          action={
            can(access.role, "data.import") ? (
              <Link href={`/w/${slug}/import`} className={buttonClasses("primary")}>
                Import customers
              </Link>
            ) : undefined
          }
        >
          Import a CSV of customers and orders, or send them through the REST API (/api/v1/customers) with an API key from
          Settings.
        </EmptyState>
      </>
    );
  }

  const metricsTimes = page.rows.map((r) => r.metricsComputedAt?.getTime()).filter((t): t is number => t !== undefined);
  const newestMetrics = metricsTimes.length ? new Date(Math.max(...metricsTimes)) : null;

  return (
    <>
      <PageHeader
        title="Customers"
        description={total !== null ? `${formatNumber(total)} customers in ${ws.name}.` : `Customers in ${ws.name}.`}
        actions={
          problems.length === 0 ? (
            <a href={exportHref} className={buttonClasses("secondary")} download>
              Export CSV
            </a>
          ) : undefined
        }
      />
      <CustomerFilters
        action={base}
        query={q ?? ""}
        sort={sort}
        direction={direction}
        filters={filters}
        segments={segments.map((s) => ({ id: s.id, name: s.name }))}
        problems={problems}
        clearHref={filtered || sort !== "newest" ? base : null}
      />
      {matching ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="matching-count">
          {countText(matching)}
        </p>
      ) : null}
      <p className="mb-3 text-xs text-slate-500">
        Orders, revenue and order dates are live. RFM segment, predicted CLV and P(alive) are as of the last analytics run
        {newestMetrics ? ` (computed ${formatDateTime(newestMetrics, ws.timezone)}, ${ws.timezone})` : ""}.
      </p>
      {problems.length > 0 ? (
        <EmptyState title="This list cannot be shown">Correct the highlighted filter above and apply again.</EmptyState>
      ) : page.rows.length === 0 ? (
        <EmptyState title="No matching customers">
          Try part of an email address, a name or the customer ID from your shop, or clear the filters.
        </EmptyState>
      ) : (
        <Table caption="Customers">
          <thead>
            <tr>
              <SortHeader base={base} params={listParams} column="email" label="Customer" />
              <SortHeader base={base} params={listParams} label="Country" />
              <SortHeader base={base} params={listParams} column="orders" label="Orders" numeric />
              <SortHeader base={base} params={listParams} column="revenue" label="Revenue" numeric />
              <SortHeader base={base} params={listParams} column="last_order" label="Last order" />
              <SortHeader base={base} params={listParams} label="RFM segment" />
              <SortHeader base={base} params={listParams} column="clv" label="Predicted CLV (12m)" numeric />
              <SortHeader base={base} params={listParams} column="p_alive" label="P(alive)" numeric />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <Td className="max-w-72 whitespace-normal">
                  <Link href={`${base}/${c.id}`} className="break-words font-medium text-brand-700 hover:underline">
                    {c.name || c.externalId}
                  </Link>
                  <div className="break-all text-xs text-slate-500">{c.email ?? "no email"}</div>
                  <div className="text-xs text-slate-400">{c.externalId}</div>
                </Td>
                <Td>{c.country ?? "—"}</Td>
                <Td className="text-right tabular-nums">{formatNumber(c.orderCount)}</Td>
                <Td className="text-right tabular-nums">{formatMoney(c.revenue, ws.currency)}</Td>
                <Td>{formatDate(c.lastOrderAt, ws.timezone)}</Td>
                <Td>{c.rfmSegment ?? "—"}</Td>
                <Td className="text-right tabular-nums">{c.predictedClv12m === null ? "—" : formatMoney(c.predictedClv12m, ws.currency)}</Td>
                <Td className="text-right tabular-nums">{c.pAlive === null ? "—" : formatPercent(c.pAlive, 0)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link href={kept.size ? `${base}?${kept.toString()}` : base} className="text-brand-600 hover:underline">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            href={`${base}?${new URLSearchParams([...kept.entries(), ["after", page.nextCursor]]).toString()}`}
            className="text-brand-600 hover:underline"
            rel="next"
          >
            Next page →
          </Link>
        ) : null}
      </div>
    </>
  );
}
