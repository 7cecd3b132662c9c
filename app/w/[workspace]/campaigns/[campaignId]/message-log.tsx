import Link from "next/link";
import type { MessagePage, MessageStatus } from "@/lib/campaigns/campaign-views";
import { listCampaignMessages } from "@/lib/campaigns/list-messages";
import { isAppError } from "@/lib/errors";
import { messageDecision } from "@/components/campaigns/message-decision";
import { MESSAGE_STATUSES, MessageStatusBadge, messageStatusLabel } from "@/components/campaigns/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { inputClasses } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";

const PAGE_SIZE = 50;
/** An email address is at most 254 characters; external ids are shorter. */
const MAX_SEARCH = 320;

export interface MessageLogQuery {
  status?: string;
  customer?: string;
  after?: string;
}

interface Loaded {
  page: MessagePage;
  /** Why the search or the page link was not used, for the reader. */
  note: string | null;
}

async function load(workspaceId: number, campaignId: number, status: MessageStatus | undefined, customer: string | undefined, after: string | undefined): Promise<Loaded> {
  if (customer && customer.length > MAX_SEARCH) return { page: { messages: [], next: null }, note: `Search for one customer by their external id or email address (at most ${MAX_SEARCH} characters).` };
  try {
    return { page: await listCampaignMessages(workspaceId, campaignId, { status, customer, after, limit: PAGE_SIZE }), note: null };
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION") throw err;
    const field = (Array.isArray(err.details) ? (err.details[0] as { path?: string } | undefined)?.path : undefined) ?? "";
    if (field === "after") return { page: await listCampaignMessages(workspaceId, campaignId, { status, customer, limit: PAGE_SIZE }), note: "That page link was not valid; showing the first page." };
    return { page: { messages: [], next: null }, note: err.message };
  }
}

/**
 * The campaign's messages, newest first: by status, or for one customer
 * (external id or email, exactly), a page at a time. Each row says what was
 * decided for that customer and why.
 */
export async function MessageLog({ slug, workspaceId, campaignId, timeZone, query }: { slug: string; workspaceId: number; campaignId: number; timeZone: string; query: MessageLogQuery }) {
  const status = MESSAGE_STATUSES.find((s) => s === query.status);
  const customer = query.customer?.trim() || undefined;
  const after = query.after || undefined;
  const { page, note } = await load(workspaceId, campaignId, status, customer, after);
  const base = `/w/${slug}/campaigns/${campaignId}`;
  const link = (params: { status?: string; customer?: string; after?: string }) => {
    const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
    const text = search.toString();
    return `${base}${text ? `?${text}` : ""}#messages`;
  };

  return (
    <section id="messages" aria-labelledby="messages-heading" className="scroll-mt-4">
      <h2 id="messages-heading" className="mb-3 text-lg font-semibold">
        Messages
      </h2>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Filter messages by status" className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...MESSAGE_STATUSES].map((s) => (
            <Link
              key={s ?? "all"}
              href={link({ status: s, customer })}
              aria-current={s === status ? "page" : undefined}
              className={cx("rounded-full border px-3 py-1", s === status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 text-slate-700 hover:bg-slate-50")}
            >
              {s ? messageStatusLabel(s) : "All"}
            </Link>
          ))}
        </nav>
        <form method="get" action={`${base}#messages`} role="search" className="flex items-end gap-2">
          {status ? <input type="hidden" name="status" value={status} /> : null}
          <label className="text-sm">
            <span className="block font-medium text-slate-800">Customer</span>
            <input name="customer" defaultValue={customer ?? ""} placeholder="External id or email" className={cx(inputClasses, "w-64")} maxLength={MAX_SEARCH} />
          </label>
          <button type="submit" className={buttonClasses("secondary")}>
            Search
          </button>
          {customer ? (
            <Link href={link({ status })} className="pb-2 text-sm text-brand-700 hover:underline">
              Clear
            </Link>
          ) : null}
        </form>
      </div>
      {note ? (
        <p role="alert" className="mb-3 text-sm text-amber-800">
          {note}
        </p>
      ) : null}
      {page.messages.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          {customer
            ? `No message of this campaign for “${customer}”. Search by the customer's external id or their email address, exactly.`
            : status
              ? `No ${messageStatusLabel(status).toLowerCase()} messages.`
              : "No messages yet. They are written when the campaign is launched (a triggered campaign: when a customer enters or leaves its segment)."}
        </p>
      ) : (
        <Table caption="Messages">
          <thead>
            <tr>
              <Th>Customer</Th>
              <Th>Status</Th>
              <Th>Decision</Th>
              <Th className="text-right">Attempts</Th>
              <Th>
                <span className="sr-only">Details</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.messages.map((m) => (
              <tr key={m.id}>
                <Td>
                  <Link href={`/w/${slug}/customers/${m.customer.id}`} className="font-medium text-brand-700 hover:underline">
                    {m.customer.externalId}
                  </Link>
                  {m.customer.email ? <div className="text-xs text-slate-500">{m.customer.email}</div> : null}
                </Td>
                <Td>
                  <MessageStatusBadge status={m.status} />
                </Td>
                <Td className="max-w-md whitespace-normal">{messageDecision(m, timeZone)}</Td>
                <Td className="text-right tabular-nums">{m.attempts}</Td>
                <Td className="text-right">
                  <Link href={`${base}/messages/${m.id}`} className="text-sm text-brand-700 hover:underline" aria-label={`Details of the message to ${m.customer.externalId}`}>
                    Details
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4 flex justify-between text-sm">
        {after ? (
          <Link href={link({ status, customer })} className="text-brand-600 hover:underline">
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link href={link({ status, customer, after: page.next })} className="text-brand-600 hover:underline" rel="next">
            Older messages →
          </Link>
        ) : null}
      </div>
    </section>
  );
}
