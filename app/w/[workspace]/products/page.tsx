import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { listProducts, PRODUCT_LIST_LIMIT } from "@/lib/recommendations/product-views";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace: ws } = await pageAccess(slug, "customers.read");
  const view = await listProducts(ws.id);

  if (view.totalProducts === 0) {
    return (
      <>
        <PageHeader title="Products" description="Your catalogue, what sells, and what is bought together." />
        <EmptyState
          title="No products yet"
          action={
            <Link href={`/w/${slug}/import`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Import products
            </Link>
          }
        >
          Import products and order lines to see recommendations and what is frequently bought together.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Products"
        description={
          view.builtAt
            ? `The ${formatNumber(Math.min(PRODUCT_LIST_LIMIT, view.totalProducts))} most popular of ${formatNumber(view.totalProducts)} products (recent buyers count more). Recommendations model built ${formatDateTime(view.builtAt, ws.timezone)}.`
            : `${formatNumber(view.totalProducts)} products. The recommendations model has not been built yet: import order lines and it is built a few seconds later.`
        }
      />
      <Table caption="Products, most popular first">
        <thead>
          <tr>
            <Th>Product</Th>
            <Th>SKU</Th>
            <Th>Category</Th>
            <Th className="text-right">Buyers</Th>
            <Th className="text-right">Bought again by</Th>
            <Th className="text-right">Bought with</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {view.products.map((p) => (
            <tr key={p.externalId}>
              <Td>
                <Link href={`/w/${slug}/products/${encodeURIComponent(p.externalId)}`} className="font-medium text-brand-700 hover:underline">
                  {p.name}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{p.externalId}</Td>
              <Td>{p.category ?? "—"}</Td>
              <Td className="text-right tabular-nums">{p.buyers == null ? "—" : formatNumber(p.buyers)}</Td>
              <Td className="text-right tabular-nums">{p.repurchaseRate == null ? "—" : formatPercent(p.repurchaseRate)}</Td>
              <Td className="text-right tabular-nums">{p.neighbours === 0 ? "—" : `${formatNumber(p.neighbours)} products`}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
