import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { contactPolicyToInput } from "@/lib/campaigns/policy/contact-policy-input.schema";
import { getContactPolicyView } from "@/lib/campaigns/policy/contact-policy-view";
import { describeContactPolicy } from "@/lib/campaigns/policy/describe-contact-policy";
import { formatDateTime } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ContactPolicyForm } from "./contact-policy-form";

export const metadata: Metadata = { title: "Contact policy" };

export default async function ContactPolicyPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "campaigns.read");
  const canEdit = can(access.role, "settings.manage");
  const view = await getContactPolicyView(access.workspace.id);
  const timeZone = access.workspace.timezone;
  const lastSaved = view.lastSaved
    ? `Last changed ${formatDateTime(view.lastSaved.at, timeZone)}${view.lastSaved.by ? ` by ${view.lastSaved.by.name} (${view.lastSaved.by.email})` : " by a former member"}.`
    : "Nobody has changed the policy yet: these are the defaults.";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Contact policy"
        description={`The rules every campaign in ${access.workspace.name} follows: how often a customer may be contacted, when not, how long a message may wait, whether launches need approval, and how fast each channel sends. Quiet hours and expiry are decided when a campaign's messages are planned; the cap and the send rates are checked again at every send, within seconds of a change.`}
      />
      <p className="mb-4 text-sm text-slate-600">{lastSaved}</p>
      {canEdit ? (
        <Card>
          <ContactPolicyForm slug={slug} initial={contactPolicyToInput(view.policy)} workspaceTimezone={timeZone} />
        </Card>
      ) : (
        <Card title="The policy in force">
          <p className="mb-3 text-sm text-slate-600">Only admins change the contact policy; ask one of them if a rule gets in your campaign&apos;s way.</p>
          <dl className="divide-y divide-slate-100 text-sm" aria-label="Contact policy">
            {describeContactPolicy(view.policy, timeZone).map((item) => (
              <div key={item.label} className="grid gap-1 py-2 sm:grid-cols-3">
                <dt className="font-medium text-slate-800">{item.label}</dt>
                <dd className="text-slate-700 sm:col-span-2">{item.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </>
  );
}
