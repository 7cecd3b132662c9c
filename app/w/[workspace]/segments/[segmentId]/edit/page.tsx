import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orNotFound } from "@/lib/next/or-not-found";
import { parseRouteId } from "@/lib/route-id";
import { pageAccess } from "@/lib/next/page-access";
import { getSegment } from "@/lib/segments/get-segment";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentBuilder } from "@/components/segment-builder/segment-builder";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ workspace: string; segmentId: string }> }) {
  const { workspace: slug, segmentId: raw } = await params;
  const access = await pageAccess(slug, "segments.write");
  const segmentId = await orNotFound(() => parseRouteId(raw, "Segment"));
  const segment = await orNotFound(() => getSegment(access.workspace.id, segmentId));
  if (segment.archivedAt) notFound();
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/segments/${segment.id}`} className="text-brand-600 hover:underline">
          ← {segment.name}
        </Link>
      </div>
      <PageHeader title={`Edit “${segment.name}”`} description={segment.kind === "STATIC" ? "Saving new rules freezes a new list of members." : "Saving new rules refreshes the members right away."} />
      <SegmentBuilder
        slug={slug}
        currency={access.workspace.currency}
        templates={[]}
        initial={{ id: segment.id, name: segment.name, description: segment.description, kind: segment.kind, definition: segment.definition }}
      />
    </>
  );
}
