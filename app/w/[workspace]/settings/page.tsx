import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "workspace.read");
  const ws = access.workspace;
  const isAdmin = can(access.role, "settings.manage");
  return (
    <>
      <PageHeader title="Settings" description={`${ws.name} · currency ${ws.currency} · time zone ${ws.timezone}`} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="API keys">
          <p className="text-sm text-slate-600">Keys let your systems send customers, orders and events to the REST API.</p>
          {can(access.role, "apikeys.manage") ? (
            <Link href={`/w/${slug}/settings/api-keys`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
              Manage API keys →
            </Link>
          ) : (
            <p className="mt-3 text-sm text-slate-500">Only admins manage API keys.</p>
          )}
        </Card>
        <Card title="Analytics">
          <p className="text-sm text-slate-600">Nightly recompute time, CLV model, discount rate, churn-risk bands and the RFM segment map.</p>
          {isAdmin ? (
            <Link href={`/w/${slug}/settings/analytics`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
              Analytics settings →
            </Link>
          ) : (
            <p className="mt-3 text-sm text-slate-500">Only admins change analytics settings.</p>
          )}
        </Card>
        <Card title="Channels">
          <p className="text-sm text-slate-600">The SMTP server email goes out through and the webhook your systems receive messages on; send a test message to check them.</p>
          {isAdmin ? (
            <Link href={`/w/${slug}/settings/channels`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
              Channel settings →
            </Link>
          ) : (
            <p className="mt-3 text-sm text-slate-500">Only admins change channel settings.</p>
          )}
        </Card>
        <Card title="Contact policy">
          <p className="text-sm text-slate-600">How often customers may be contacted, quiet hours in their own time zone, how long a message may wait, approval before launch, send rates.</p>
          <Link href={`/w/${slug}/settings/contact-policy`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
            {isAdmin ? "Contact policy →" : "View the contact policy →"}
          </Link>
        </Card>
        <Card title="Experiments">
          <p className="text-sm text-slate-600">The global control group: customers held out of every campaign, so the whole programme&apos;s effect can be measured.</p>
          <Link href={`/w/${slug}/settings/experiments`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
            {isAdmin ? "Experiment settings →" : "View experiment settings →"}
          </Link>
        </Card>
        <Card title="Suppressions">
          <p className="text-sm text-slate-600">Addresses no campaign sends to: hard bounces, complaints, unsubscribes, and entries added by hand or imported.</p>
          <Link href={`/w/${slug}/settings/suppressions`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
            {isAdmin ? "Manage suppressions →" : "View suppressions →"}
          </Link>
        </Card>
        <Card title="Users and roles">
          <p className="text-sm text-slate-600">Add people to this workspace, change their roles, remove them.</p>
          {can(access.role, "users.manage") ? (
            <Link href={`/w/${slug}/settings/users`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
              Manage users →
            </Link>
          ) : (
            <p className="mt-3 text-sm text-slate-500">Only admins manage users.</p>
          )}
        </Card>
      </div>
    </>
  );
}
