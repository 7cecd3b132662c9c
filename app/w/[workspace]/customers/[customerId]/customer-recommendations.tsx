import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import { readCustomerRecommendations } from "@/lib/recommendations/customer-recommendations";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

const REASON_TONE = { bought_with: "green", buy_again: "blue", popular: "neutral" } as const;

/**
 * The customer's next-best offers: products and categories, each with its
 * reason, computed from the kept co-purchase model (a few index reads; no
 * scan of orders beyond this customer's own).
 */
export async function CustomerRecommendations({ workspaceSlug, workspaceId, customerId, timeZone }: { workspaceSlug: string; workspaceId: number; customerId: bigint; timeZone: string }) {
  const view = await readCustomerRecommendations(workspaceId, customerId, { limit: 5 });
  if (!view.builtAt) {
    return (
      <Card title="Recommendations">
        <p className="text-sm text-slate-600">
          No recommendations yet.{" "}
          <Link href={`/w/${workspaceSlug}/import`} className="text-brand-700 hover:underline">
            Import products and order lines
          </Link>{" "}
          to see recommendations; the model is built a few seconds after each import, and nightly.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Recommendations" actions={<span className="text-xs text-slate-500">Model built {formatDateTime(new Date(view.builtAt), timeZone)}</span>}>
      {view.products.length === 0 ? (
        <p className="text-sm text-slate-600">No products have been bought yet: import order lines to see recommendations.</p>
      ) : (
        <ol className="divide-y divide-slate-100 text-sm" aria-label="Recommended products">
          {view.products.map((p) => (
            <li key={p.productId} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <Link href={`/w/${workspaceSlug}/products/${encodeURIComponent(p.productId)}`} className="font-medium text-brand-700 hover:underline">
                  {p.name}
                </Link>
                {p.category ? <span className="ml-2 text-xs text-slate-500">{p.category}</span> : null}
              </span>
              <Badge tone={REASON_TONE[p.reason.kind]}>{p.reason.text}</Badge>
            </li>
          ))}
        </ol>
      )}
      {view.categories.length > 0 ? (
        <p className="mt-3 text-sm text-slate-600">
          <span className="font-medium text-slate-800">Categories to offer: </span>
          {view.categories.map((c) => `${c.category} (${c.reason.text.toLowerCase()})`).join("; ")}
        </p>
      ) : null}
    </Card>
  );
}
