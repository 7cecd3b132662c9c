import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/lib/next/or-not-found";
import { parseRouteId } from "@/lib/route-id";
import { pageAccess } from "@/lib/next/page-access";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { ExplanationTree } from "@/components/segment-builder/segment-explanation";
import { explainForCustomer } from "@/lib/segments/explain-for-customer";

export const metadata: Metadata = { title: "Why is this customer in the segment?" };

export default async function WhyPage({ params }: { params: Promise<{ workspace: string; segmentId: string; customerId: string }> }) {
  const { workspace: slug, segmentId: raw, customerId } = await params;
  const access = await pageAccess(slug, "segments.read");
  const segmentId = await orNotFound(() => parseRouteId(raw, "Segment"));
  const explanation = await orNotFound(() => explainForCustomer(access.workspace.id, access.workspace.currency, segmentId, customerId));
  return (
    <>
      <div className="mb-2 flex gap-4 text-sm">
        <Link href={`/w/${slug}/customers/${customerId}`} className="text-brand-600 hover:underline">
          ← {explanation.customerLabel}
        </Link>
        <Link href={`/w/${slug}/segments/${segmentId}`} className="text-brand-600 hover:underline">
          {explanation.segmentName} →
        </Link>
      </div>
      <PageHeader
        title={`${explanation.customerLabel} and “${explanation.segmentName}”`}
        description="Each rule of the segment, checked against this customer's data right now."
      />
      <Card>
        <ExplanationTree explanation={explanation} />
      </Card>
    </>
  );
}
