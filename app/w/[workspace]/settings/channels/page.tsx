import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { receiptUrl } from "@/lib/campaigns/receipts/receipt-url";
import { listChannelSettings, type ChannelSummary } from "@/lib/channels/list-channel-settings";
import type { AvailableChannel } from "@/lib/channels/registry";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { EmailSettingsForm } from "./email-settings-form";
import { PushSettingsForm } from "./push-settings-form";
import { SmsSettingsForm } from "./sms-settings-form";
import { TestMessagePanel } from "./test-message-panel";
import { WebhookSettingsForm } from "./webhook-settings-form";

export const metadata: Metadata = { title: "Channels" };

/** Each channel's form; the registry decides which channels exist, so a new one fails to compile until it has a form here. */
const FORMS: Record<AvailableChannel, (summary: ChannelSummary, slug: string) => ReactNode> = {
  email: ({ settings }, slug) => (
    <EmailSettingsForm
      slug={slug}
      config={settings?.channel === "email" ? settings.config : null}
      hasPassword={settings?.channel === "email" && settings.hasPassword}
      hasCallbackSecret={settings?.channel === "email" && settings.hasCallbackSecret}
      receiptUrl={receiptUrl("email", slug)}
    />
  ),
  sms: ({ settings }, slug) => (
    <SmsSettingsForm
      slug={slug}
      config={settings?.channel === "sms" ? settings.config : null}
      hasApiToken={settings?.channel === "sms" && settings.hasApiToken}
      hasCallbackSecret={settings?.channel === "sms" && settings.hasCallbackSecret}
      receiptUrl={receiptUrl("sms", slug)}
      privateNetworksAllowed={env.WEBHOOK_ALLOW_PRIVATE_NETWORKS}
    />
  ),
  push: ({ settings }, slug) => (
    <PushSettingsForm
      slug={slug}
      config={settings?.channel === "push" ? settings.config : null}
      hasApiToken={settings?.channel === "push" && settings.hasApiToken}
      hasCallbackSecret={settings?.channel === "push" && settings.hasCallbackSecret}
      receiptUrl={receiptUrl("push", slug)}
      privateNetworksAllowed={env.WEBHOOK_ALLOW_PRIVATE_NETWORKS}
    />
  ),
  webhook: ({ settings }, slug) => (
    <WebhookSettingsForm
      slug={slug}
      config={settings?.channel === "webhook" ? settings.config : null}
      hasSigningSecret={settings?.channel === "webhook" && settings.hasSigningSecret}
      privateNetworksAllowed={env.WEBHOOK_ALLOW_PRIVATE_NETWORKS}
    />
  ),
};

function lastChange(summary: ChannelSummary, timeZone: string): string {
  if (!summary.settings) return "never saved";
  const who = summary.updatedBy ? ` by ${summary.updatedBy.name} (${summary.updatedBy.email})` : " by a former member";
  return `${formatDateTime(summary.settings.updatedAt, timeZone)}${who}`;
}

export default async function ChannelsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "settings.manage");
  const [summaries, me] = await Promise.all([
    listChannelSettings(access.workspace.id),
    db.user.findUniqueOrThrow({ where: { id: access.userId }, select: { email: true } }),
  ]);
  const timeZone = access.workspace.timezone;
  const configured = summaries.filter((s) => s.settings).length;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Channels"
        description={`How ${access.workspace.name} reaches customers. Campaigns can use a channel once its settings are saved; send a test message to check them. Passwords, tokens and signing secrets are stored encrypted and never shown again.`}
      />
      {configured === 0 ? (
        <p className="mb-4 rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-600">
          No channel is set up yet. Start with email: enter your SMTP server below, save, and send yourself a test message.
        </p>
      ) : null}
      <Table caption="Channels">
        <thead>
          <tr>
            <Th>Channel</Th>
            <Th>Status</Th>
            <Th>Last changed</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {summaries.map((s) => (
            <tr key={s.channel}>
              <Td className="font-medium">
                <a href={`#${s.channel}`} className="text-brand-600 hover:underline">
                  {s.name}
                </a>
              </Td>
              <Td>{s.settings ? <Badge tone="green">Configured</Badge> : <Badge tone="amber">Not configured</Badge>}</Td>
              <Td>{lastChange(s, timeZone)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="mt-6 space-y-6">
        {summaries.map((s) => (
          <div key={s.channel} id={s.channel} className="scroll-mt-4">
            <Card title={s.name}>
              <p className="mb-4 text-sm text-slate-600">{s.description}</p>
              {FORMS[s.channel](s, slug)}
              <div className="mt-6">
                <TestMessagePanel slug={slug} channel={s.channel} configured={s.settings !== null} defaultTo={me.email} />
              </div>
            </Card>
          </div>
        ))}
      </div>
    </>
  );
}
