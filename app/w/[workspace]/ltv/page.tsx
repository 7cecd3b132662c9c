import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "LTV & Churn" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "analytics.read");
  return <NotBuiltYet title="LTV & Churn" what="The lifetime value and churn dashboard is not built yet. Customer profiles show P(alive) and predicted CLV once the analytics run has completed." />;
}
