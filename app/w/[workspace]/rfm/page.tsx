import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "RFM" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "analytics.read");
  return <NotBuiltYet title="RFM" what="The RFM dashboard is not built yet. Customer profiles and the customer list show each customer's RFM segment." />;
}
