import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "Cohorts" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "analytics.read");
  return <NotBuiltYet title="Cohorts" what="Cohort retention and revenue dashboards are not built yet." />;
}
