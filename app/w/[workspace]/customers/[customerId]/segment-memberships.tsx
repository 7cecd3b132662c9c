import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import { listCustomerSegments } from "@/lib/segments/customer-segments";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

const MAX_SEGMENTS = 100;

/**
 * The customer's place in each of the workspace's segments: in or not in (as
 * of each segment's last refresh), with a link to the rule-by-rule
 * explanation. Segments the customer is in come first, so none of them is
 * cut off by the limit.
 */
export async function SegmentMemberships({ workspaceSlug, workspaceId, customerId, timeZone }: { workspaceSlug: string; workspaceId: number; customerId: string; timeZone: string }) {
  const { segments: rows, total } = await listCustomerSegments(workspaceId, customerId, MAX_SEGMENTS);

  return (
    <Card title="Segments">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">
          No segments yet.{" "}
          <Link href={`/w/${workspaceSlug}/segments/new`} className="text-brand-700 hover:underline">
            Build one
          </Link>{" "}
          to group customers like this one.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Segment memberships">
          {rows.map((s) => {
            const at = s.enteredAt;
            return (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="flex items-center gap-2">
                  <Badge tone={at ? "green" : "neutral"}>{at ? "In" : "Not in"}</Badge>
                  <Link href={`/w/${workspaceSlug}/segments/${s.id}`} className="font-medium text-brand-700 hover:underline">
                    {s.name}
                  </Link>
                  {at ? <span className="text-xs text-slate-500">since {formatDateTime(at, timeZone)}</span> : null}
                  {!s.lastRefreshedAt ? <span className="text-xs text-slate-500">(not refreshed yet)</span> : null}
                </span>
                <Link href={`/w/${workspaceSlug}/segments/${s.id}/why/${customerId}`} className="text-xs text-brand-700 hover:underline">
                  Why {at ? "in" : "not in"}?
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {total > rows.length ? (
        <p className="mt-2 text-xs text-slate-500">
          Showing {rows.length} of {total} segments, the ones this customer is in first.
        </p>
      ) : null}
    </Card>
  );
}
