import type { Metadata } from "next";
import { pageAccess } from "@/lib/next/page-access";
import { NotBuiltYet } from "@/components/shell/not-built-yet";

export const metadata: Metadata = { title: "Campaigns" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  await pageAccess(workspace, "campaigns.read");
  return <NotBuiltYet title="Campaigns" what="Campaigns (email, SMS, push, webhooks) with control groups and incremental revenue reporting are not built yet." />;
}
