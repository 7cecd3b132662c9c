import { db } from "../db/client.ts";
import { isBigintId } from "../route-id.ts";

const ORDER_LIMIT = 100;
const EVENT_LIMIT = 100;

/** Everything the profile page shows for one customer, or null when it is not in this workspace. */
export async function getCustomerProfile(workspaceId: number, customerId: string) {
  // An id past bigint (or not digits) cannot exist; Postgres would refuse the value with a 500.
  if (!isBigintId(customerId)) return null;
  const id = BigInt(customerId);
  const customer = await db.customer.findFirst({
    where: { id, workspaceId },
    select: {
      id: true,
      externalId: true,
      email: true,
      phone: true,
      firstName: true,
      lastName: true,
      country: true,
      city: true,
      timezone: true,
      acquisitionChannel: true,
      signedUpAt: true,
      attributes: true,
      emailConsent: true,
      smsConsent: true,
      pushConsent: true,
      createdAt: true,
      updatedAt: true,
      metrics: true,
    },
  });
  if (!customer) return null;
  const [orders, orderTotals, events, live] = await Promise.all([
    db.order.findMany({
      where: { workspaceId, customerId: id },
      orderBy: { placedAt: "desc" },
      take: ORDER_LIMIT,
      select: {
        id: true,
        externalId: true,
        placedAt: true,
        total: true,
        currency: true,
        channel: true,
        status: true,
        items: { select: { quantity: true, unitPrice: true, product: { select: { name: true, category: true } } } },
      },
    }),
    db.order.aggregate({ where: { workspaceId, customerId: id }, _count: true, _sum: { total: true } }),
    db.event.findMany({
      where: { workspaceId, customerId: id },
      orderBy: { occurredAt: "desc" },
      take: EVENT_LIMIT,
      select: { id: true, type: true, occurredAt: true, properties: true },
    }),
    // Live numbers of counted orders, kept in each order write's transaction (migration 20261208500000).
    db.customerOrderTimeline.findUnique({
      where: { customerId: id },
      select: { orderCount: true, revenueTotalCents: true, firstOrderAt: true, lastOrderAt: true },
    }),
  ]);
  return {
    customer,
    orders,
    /** Every stored order, whatever its status (what the orders table below lists). */
    orderCount: orderTotals._count,
    /** Counted orders (not cancelled, refunded, failed or voided), current as of this read. */
    live: {
      orderCount: live?.orderCount ?? 0,
      revenue: live?.revenueTotalCents ? Number(live.revenueTotalCents) / 100 : 0,
      firstOrderAt: live?.firstOrderAt ?? null,
      lastOrderAt: live?.lastOrderAt ?? null,
    },
    events,
    ordersTruncated: orderTotals._count > ORDER_LIMIT,
  };
}

export type CustomerProfile = NonNullable<Awaited<ReturnType<typeof getCustomerProfile>>>;
