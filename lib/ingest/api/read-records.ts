import { db, Prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { INT8_MAX } from "../../route-id.ts";
import { textProblem } from "../../storable-text.ts";
import type { CustomerOutput } from "../customer.schema.ts";
import type { OrderOutput } from "../order.schema.ts";
import { CATEGORY_SEPARATOR, type ProductOutput } from "../product.schema.ts";

const customerSelect = {
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
  emailConsent: true,
  smsConsent: true,
  pushConsent: true,
  attributes: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.CustomerSelect;

type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;

function toCustomerOutput(c: CustomerRow): CustomerOutput {
  return {
    external_id: c.externalId,
    email: c.email,
    phone: c.phone,
    first_name: c.firstName,
    last_name: c.lastName,
    country: c.country,
    city: c.city,
    timezone: c.timezone,
    acquisition_channel: c.acquisitionChannel,
    signed_up_at: c.signedUpAt?.toISOString() ?? null,
    email_consent: c.emailConsent,
    sms_consent: c.smsConsent,
    push_consent: c.pushConsent,
    attributes: (c.attributes ?? {}) as Record<string, unknown>,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export async function getCustomerByExternalId(workspaceId: number, externalId: string): Promise<CustomerOutput> {
  // Text Postgres cannot store (NUL) is no customer's id; asking would be refused with a 500.
  if (textProblem(externalId)) throw new AppError("NOT_FOUND", "No customer with this external_id.");
  const c = await db.customer.findUnique({ where: { workspaceId_externalId: { workspaceId, externalId } }, select: customerSelect });
  if (!c) throw new AppError("NOT_FOUND", `No customer with external_id “${externalId}”.`);
  return toCustomerOutput(c);
}

export interface CustomerPage {
  data: CustomerOutput[];
  /** Pass as ?after= for the next page; null on the last page. */
  next_cursor: string | null;
}

/** Oldest first by internal id; the cursor is opaque to clients. Same cost for page 1 and page 10,000. */
export async function listCustomersPage(workspaceId: number, options: { after?: string | null; limit: number }): Promise<CustomerPage> {
  let afterId: bigint | undefined;
  if (options.after) {
    // Past bigint no customer id exists, and Postgres would refuse the value (a 500) rather than find nothing.
    afterId = /^c\d{1,19}$/.test(options.after) ? BigInt(options.after.slice(1)) : undefined;
    if (afterId === undefined || afterId > INT8_MAX) {
      const message = "after is not a cursor this API gave out; pass back next_cursor unchanged";
      throw new AppError("VALIDATION", message, [{ path: "after", message }]);
    }
  }
  const rows = await db.customer.findMany({
    where: { workspaceId, ...(afterId !== undefined ? { id: { gt: afterId } } : {}) },
    select: customerSelect,
    orderBy: { id: "asc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toCustomerOutput),
    next_cursor: rows.length > options.limit && last ? `c${last.id.toString()}` : null,
  };
}

export async function getOrderByExternalId(workspaceId: number, externalId: string): Promise<OrderOutput> {
  const o = await db.order.findUnique({
    where: { workspaceId_externalId: { workspaceId, externalId } },
    select: {
      externalId: true,
      placedAt: true,
      total: true,
      currency: true,
      channel: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      customer: { select: { externalId: true } },
      items: {
        select: { lineNumber: true, quantity: true, unitPrice: true, discount: true, product: { select: { externalId: true } } },
        orderBy: [{ lineNumber: "asc" }, { product: { externalId: "asc" } }, { id: "asc" }],
      },
    },
  });
  if (!o) throw new AppError("NOT_FOUND", `No order with external_id “${externalId}”.`);
  return {
    external_id: o.externalId,
    customer_external_id: o.customer.externalId,
    placed_at: o.placedAt.toISOString(),
    total: o.total.toFixed(2),
    currency: o.currency,
    channel: o.channel,
    status: o.status,
    lines: o.items.map((i) => ({
      product_external_id: i.product?.externalId ?? null,
      line_number: i.lineNumber,
      quantity: i.quantity,
      unit_price: i.unitPrice.toFixed(2),
      discount: i.discount.toFixed(2),
    })),
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

export async function getProductByExternalId(workspaceId: number, externalId: string): Promise<ProductOutput> {
  if (textProblem(externalId)) throw new AppError("NOT_FOUND", "No product with this external_id.");
  const p = await db.product.findUnique({
    where: { workspaceId_externalId: { workspaceId, externalId } },
    select: { externalId: true, name: true, category: true, brand: true, price: true, launchDate: true, attributes: true, createdAt: true, updatedAt: true },
  });
  if (!p) throw new AppError("NOT_FOUND", `No product with external_id “${externalId}”.`);
  return {
    external_id: p.externalId,
    name: p.name,
    category_path: p.category === null ? [] : p.category.split(CATEGORY_SEPARATOR),
    category: p.category,
    brand: p.brand,
    price: p.price?.toFixed(2) ?? null,
    launch_date: p.launchDate?.toISOString().slice(0, 10) ?? null,
    attributes: (p.attributes ?? {}) as Record<string, unknown>,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
