import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "Jobs" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "jobs.read");
  return <NotBuiltYet title="Jobs" what="The jobs page (queues, runs, failures) is not built yet." />;
}
