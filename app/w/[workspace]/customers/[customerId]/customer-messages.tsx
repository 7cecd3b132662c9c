import Link from "next/link";
import { listCustomerMessages } from "@/lib/campaigns/list-messages";
import { isBigintId } from "@/lib/route-id";
import { messageDecision } from "@/components/campaigns/message-decision";
import { MessageStatusBadge } from "@/components/campaigns/status-badge";
import { Table, Td, Th } from "@/components/ui/table";

const PAGE_SIZE = 20;
const CHANNEL_NAMES = { email: "Email", sms: "SMS", push: "Push", webhook: "Webhook" } as const;

/**
 * The messages campaigns sent or considered sending this customer, newest
 * first, each with what was decided and why; a page at a time (`?messages=`
 * carries the cursor, so the rest of the profile stays as it is).
 */
export async function CustomerMessages({ slug, workspaceId, customerId, timeZone, after }: { slug: string; workspaceId: number; customerId: string; timeZone: string; after?: string }) {
  // A cursor that is not a message id (edited by hand) starts from the newest.
  const cursor = after && isBigintId(after) ? after : undefined;
  const page = await listCustomerMessages(workspaceId, customerId, { after: cursor, limit: PAGE_SIZE });
  const base = `/w/${slug}/customers/${customerId}`;
  return (
    <section id="messages" aria-labelledby="customer-messages" className="mt-8 scroll-mt-4">
      <h2 id="customer-messages" className="mb-3 text-lg font-semibold">
        Messages
      </h2>
      {page.messages.length === 0 && !cursor ? (
        <p className="text-sm text-slate-600">No campaign has sent or considered this customer yet.</p>
      ) : (
        <Table caption="Messages">
          <thead>
            <tr>
              <Th>Campaign</Th>
              <Th>Channel</Th>
              <Th>Status</Th>
              <Th>Decision</Th>
              <Th>
                <span className="sr-only">Details</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.messages.map((m) => (
              <tr key={m.id}>
                <Td>
                  <Link href={`/w/${slug}/campaigns/${m.campaignId}`} className="font-medium text-brand-700 hover:underline">
                    {page.campaigns[m.campaignId] ?? `Campaign ${m.campaignId}`}
                  </Link>
                </Td>
                <Td>{CHANNEL_NAMES[m.channel]}</Td>
                <Td>
                  <MessageStatusBadge status={m.status} />
                </Td>
                <Td className="max-w-md whitespace-normal">{messageDecision(m, timeZone)}</Td>
                <Td className="text-right">
                  <Link href={`/w/${slug}/campaigns/${m.campaignId}/messages/${m.id}`} className="text-sm text-brand-700 hover:underline">
                    Details
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-3 flex justify-between text-sm">
        {cursor ? (
          <Link href={`${base}#messages`} className="text-brand-600 hover:underline">
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link href={`${base}?messages=${page.next}#messages`} className="text-brand-600 hover:underline" rel="next">
            Older messages →
          </Link>
        ) : null}
      </div>
    </section>
  );
}
