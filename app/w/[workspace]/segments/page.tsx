import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "Segments" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "segments.read");
  return <NotBuiltYet title="Segments" what="The segment builder is on its way: build live audiences from RFM, predicted CLV, behaviour and attributes." />;
}
