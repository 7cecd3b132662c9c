import type { Metadata } from "next";
import Link from "next/link";
import { pageAccess } from "@/lib/next/page-access";
import { SEGMENT_TEMPLATES, findSegmentTemplate } from "@/lib/segments/templates";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentBuilder } from "@/components/segment-builder/segment-builder";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ template?: string }> }) {
  const { workspace: slug } = await params;
  const { template } = await searchParams;
  const access = await pageAccess(slug, "segments.write");
  const start = template ? findSegmentTemplate(template) : undefined;
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href={`/w/${slug}/segments`} className="text-brand-600 hover:underline">
          ← Segments
        </Link>
      </div>
      <PageHeader
        title={start ? `New segment from “${start.name}”` : "New segment"}
        description="Combine rules with ALL / ANY, nest groups, and watch the audience size update as you go."
      />
      <SegmentBuilder slug={slug} currency={access.workspace.currency} templates={[...SEGMENT_TEMPLATES]} startTemplate={start} />
    </>
  );
}
