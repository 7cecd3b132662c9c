import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { getWorkspaceOverview } from "@/lib/workspaces/get-workspace-overview";
import { formatMoney, formatNumber } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { buttonClasses } from "@/components/ui/button";
import { Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "workspace.read");
  const ws = access.workspace;
  const o = await getWorkspaceOverview(ws.id);
  if (o.customers === 0) {
    return (
      <>
        <PageHeader title={ws.name} />
        <EmptyState
          title="Bring in your customers to start"
          action={
            can(access.role, "data.import") ? (
              <Link href={`/w/${slug}/import`} className={buttonClasses("primary")}>
                Import a CSV
              </Link>
            ) : undefined
          }
        >
          Upload customers and orders as CSV, or send them through the REST API. RFM scores, predicted CLV and churn risk are
          computed in the background once orders are in.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title={ws.name} description="The last 30 days against the 30 days before." />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Customers" value={formatNumber(o.customers)} hint={`${formatNumber(o.newCustomers30d)} new in 30 days`} />
        <Stat label="Active customers (30d)" value={formatNumber(o.activeCustomers30d)} hint={`${formatNumber(o.activeCustomersPrev30d)} the 30 days before`} />
        <Stat label="Orders (30d)" value={formatNumber(o.orders30d)} hint={`${formatNumber(o.ordersPrev30d)} the 30 days before`} />
        <Stat label="Revenue (30d)" value={formatMoney(o.revenue30d, ws.currency)} hint={`${formatMoney(o.revenuePrev30d, ws.currency)} the 30 days before`} />
      </div>
    </>
  );
}
