import type { Metadata } from "next";
import Link from "next/link";
import { expiryDateRange } from "@/lib/ingest/api-keys/expiry-date-range";
import { listWorkspaceApiKeys } from "@/lib/ingest/api-keys/manage-api-keys";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "./api-keys-panel";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "apikeys.manage");
  const keys = await listWorkspaceApiKeys(access.workspace.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="API keys"
        description={`Keys let your systems send customers, orders and events into ${access.workspace.name}, or read them back. Each key works for this workspace only, does only what its scopes allow, and has its own per-minute limit.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <ApiKeysPanel slug={slug} keys={keys} timeZone={access.workspace.timezone} expiryRange={expiryDateRange(access.workspace.timezone)} />
        </div>
        <Card title="Using a key">
          <p className="text-sm text-slate-600">Send it as a bearer token:</p>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            {`curl -X POST $APP_URL/api/v1/customers \\
  -H "Authorization: Bearer vl_live_…" \\
  -H "Content-Type: application/json" \\
  -d '{"external_id":"C-1001","email":"ada@example.com"}'`}
          </pre>
          <p className="mt-3 text-sm text-slate-600">
            Every endpoint is described in the{" "}
            <a href="/api/v1/openapi.json" className="text-brand-600 hover:underline">
              OpenAPI document
            </a>
            . Batch endpoints take up to 1,000 items per request. A key without the scope an endpoint needs gets 403; past its
            per-minute limit it gets 429 with a Retry-After header (seconds to wait).
          </p>
        </Card>
      </div>
    </>
  );
}
