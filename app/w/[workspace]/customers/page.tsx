import type { Metadata } from "next";
import Link from "next/link";
import { parseCustomerListParams } from "@/lib/customers/customer-list-params";
import { countCustomers, listCustomers } from "@/lib/customers/list-customers";
import { formatDate, formatMoney, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { can } from "@/lib/auth/permissions";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ q?: string | string[]; after?: string | string[] }>;
}) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "customers.read");
  const ws = access.workspace;
  // A malformed cursor starts from the first page; search text that cannot be searched for is explained instead of listed.
  const { query: q, after: cursor, problem } = parseCustomerListParams(await searchParams);
  const [page, total] = problem
    ? [{ rows: [], nextCursor: null }, null]
    : await Promise.all([listCustomers({ workspaceId: ws.id, query: q, after: cursor }), q ? Promise.resolve(null) : countCustomers(ws.id)]);
  const base = `/w/${slug}/customers`;

  if (!q && !cursor && total === 0) {
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

  return (
    <>
      <PageHeader
        title="Customers"
        description={total !== null ? `${formatNumber(total)} customers in ${ws.name}.` : `Search results for “${q}”.`}
      />
      <form action={base} method="get" className="mb-4 flex gap-2" role="search">
        <label className="flex-1">
          <span className="sr-only">Search customers</span>
          <input
            name="q"
            defaultValue={q ?? ""}
            placeholder="Search by email, name or customer ID (3+ characters; shorter input matches an exact ID)"
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
          />
        </label>
        <button type="submit" className={buttonClasses("secondary")}>
          Search
        </button>
        {q ? (
          <Link href={base} className={buttonClasses("ghost")}>
            Clear
          </Link>
        ) : null}
      </form>
      {problem ? (
        <EmptyState title="This search cannot run">{problem.message}</EmptyState>
      ) : page.rows.length === 0 ? (
        <EmptyState title="No matching customers">Try part of an email address, a name, or the customer ID from your shop.</EmptyState>
      ) : (
        <Table caption="Customers">
          <thead>
            <tr>
              <Th>Customer</Th>
              <Th>Email</Th>
              <Th>Country</Th>
              <Th>Channel</Th>
              <Th className="text-right">Orders</Th>
              <Th className="text-right">Revenue</Th>
              <Th>Last order</Th>
              <Th>RFM segment</Th>
              <Th className="text-right">Predicted CLV (12m)</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`${base}/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.name || c.externalId}
                  </Link>
                  <div className="text-xs text-slate-500">{c.externalId}</div>
                </Td>
                <Td>{c.email ?? "—"}</Td>
                <Td>{c.country ?? "—"}</Td>
                <Td>{c.acquisitionChannel ?? "—"}</Td>
                <Td className="text-right tabular-nums">{formatNumber(c.orderCount)}</Td>
                <Td className="text-right tabular-nums">{formatMoney(c.revenue, ws.currency)}</Td>
                <Td>{formatDate(c.lastOrderAt, ws.timezone)}</Td>
                <Td>{c.rfmSegment ?? "—"}</Td>
                <Td className="text-right tabular-nums">{c.predictedClv12m === null ? "—" : formatMoney(c.predictedClv12m, ws.currency)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link href={q ? `${base}?q=${encodeURIComponent(q)}` : base} className="text-brand-600 hover:underline">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            href={`${base}?${new URLSearchParams({ ...(q ? { q } : {}), after: page.nextCursor }).toString()}`}
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
