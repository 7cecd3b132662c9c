import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { formatDateTime, formatNumber, formatPercent } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { readProductDetail, type ProductDetailView } from "@/lib/recommendations/product-views";
import { Card, Stat } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Product" };

async function findProduct(workspaceId: number, raw: string): Promise<ProductDetailView | null> {
  // The SKU as the router gives it, and decoded once if that finds nothing (a SKU may itself contain "%").
  const candidates = [raw];
  try {
    const decoded = decodeURIComponent(raw);
    if (decoded !== raw) candidates.push(decoded);
  } catch {
    // Not percent-encoded: the raw SKU is the only candidate.
  }
  for (const sku of candidates) {
    try {
      return await readProductDetail(workspaceId, sku);
    } catch (err) {
      if (!(err instanceof AppError && err.code === "NOT_FOUND")) throw err;
    }
  }
  return null;
}

export default async function ProductPage({ params }: { params: Promise<{ workspace: string; productExternalId: string }> }) {
  const { workspace: slug, productExternalId } = await params;
  const { workspace: ws } = await pageAccess(slug, "customers.read");
  const p = await findProduct(ws.id, productExternalId);
  if (!p) notFound();

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/products`} className="text-brand-600 hover:underline">
          ← Products
        </Link>
      </div>
      <PageHeader title={p.name} description={[`SKU ${p.externalId}`, p.category, p.brand].filter(Boolean).join(" · ")} />
      <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Orders with it" value={p.stats ? formatNumber(p.stats.baskets) : "—"} />
        <Stat label="Buyers" value={p.stats ? formatNumber(p.stats.buyers) : "—"} />
        <Stat label="Bought again by" value={p.stats ? formatPercent(p.stats.repurchaseRate) : "—"} hint={p.stats ? `${formatNumber(p.stats.repeatBuyers)} buyers ordered it twice or more` : undefined} />
        <Stat label="Price" value={p.price ?? "—"} />
      </div>
      <Card title="Frequently bought together" actions={p.builtAt ? <span className="text-xs text-slate-500">Model built {formatDateTime(p.builtAt, ws.timezone)}</span> : null}>
        {!p.builtAt ? (
          <p className="text-sm text-slate-600">
            Not built yet.{" "}
            <Link href={`/w/${slug}/import`} className="text-brand-700 hover:underline">
              Import order lines
            </Link>{" "}
            to see recommendations; the model is built a few seconds after each import.
          </p>
        ) : p.neighbours.length === 0 ? (
          <p className="text-sm text-slate-600">
            No product is bought with this one often enough yet (a pair needs several orders holding both, and must sell together more often than chance).
          </p>
        ) : (
          <Table caption={`Products frequently bought with ${p.name}`}>
            <thead>
              <tr>
                <Th>#</Th>
                <Th>Product</Th>
                <Th>Category</Th>
                <Th className="text-right">Orders with both</Th>
                <Th className="text-right">Share of its orders</Th>
                <Th className="text-right">Lift</Th>
                <Th className="text-right">Jaccard</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.neighbours.map((n) => (
                <tr key={n.externalId}>
                  <Td className="tabular-nums">{n.rank}</Td>
                  <Td>
                    <Link href={`/w/${slug}/products/${encodeURIComponent(n.externalId)}`} className="font-medium text-brand-700 hover:underline">
                      {n.name}
                    </Link>
                  </Td>
                  <Td>{n.category ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(n.coBaskets)}</Td>
                  <Td className="text-right tabular-nums">{formatPercent(n.confidence)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(n.lift, 2)}×</Td>
                  <Td className="text-right tabular-nums">{formatNumber(n.jaccard, 3)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <p className="mt-3 text-xs text-slate-500">
          Share of its orders: of the orders holding {p.name}, the share that also held the other product; lift: how many times more often than if the two sold
          independently. Recent orders count more (half-life in the workspace&apos;s recommendation settings).
        </p>
      </Card>
    </>
  );
}
