import type { Metadata } from "next";
import Link from "next/link";
import { readAnalyticsSettings } from "@/lib/analytics/recompute/analytics-settings.schema";
import { readRfmSettings } from "@/lib/analytics/rfm/rfm-settings.schema";
import { db } from "@/lib/db/client";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AnalyticsSettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Analytics settings" };

export default async function AnalyticsSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "settings.manage");
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: access.workspace.id }, select: { settings: true, timezone: true } });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Analytics settings"
        description={`When the nightly recompute runs (local time, ${ws.timezone}), which model predicts purchases, the discount rate and churn-risk bands, how many RFM runs keep their snapshots, and how RFM score cells map to named segments. Each field explains itself below; the RFM scoring rule is described in docs/rfm.md. Saving is recorded in the audit log.`}
      />
      <Card>
        <AnalyticsSettingsForm slug={slug} initial={{ analytics: readAnalyticsSettings(ws.settings), rfm: readRfmSettings(ws.settings) }} />
      </Card>
    </>
  );
}
