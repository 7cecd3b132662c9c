import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { pageAccess } from "@/lib/next/page-access";
import { getSegment } from "@/lib/segments/get-segment";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentBuilder } from "@/components/segment-builder/segment-builder";
import { segmentIdOrNotFound } from "../segment-id";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ workspace: string; segmentId: string }> }) {
  const { workspace: slug, segmentId: raw } = await params;
  const access = await pageAccess(slug, "segments.write");
  const segmentId = segmentIdOrNotFound(raw);
  const segment = await getSegment(access.workspace.id, segmentId).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
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
