import { CATEGORIES, type Catalogue } from "./catalogue.ts";
import type { SimulatedCustomer, SimulatedEvent } from "./simulate-customer.ts";
import type { SimulationContext } from "./simulation-context.ts";

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, \N for NULL,
 * backslash escapes), in the column order of the COPY statements below. Every
 * timestamp is derived from the simulation, never from the clock, so the same
 * seed gives the same bytes.
 */

export const CUSTOMER_COPY_SQL = `COPY customer (id, workspace_id, external_id, email, phone, first_name, last_name, country, city, timezone,
  acquisition_channel, signed_up_at, attributes, email_consent, sms_consent, push_consent, created_at, updated_at) FROM STDIN`;
export const ORDER_COPY_SQL = `COPY customer_order (id, workspace_id, customer_id, external_id, placed_at, total, currency, channel, status,
  created_at, updated_at) FROM STDIN`;
export const ORDER_ITEM_COPY_SQL = `COPY order_item (id, workspace_id, order_id, product_id, quantity, unit_price) FROM STDIN`;
export const EVENT_COPY_SQL = `COPY event (id, workspace_id, customer_id, type, occurred_at, properties, created_at) FROM STDIN`;
export const PRODUCT_COPY_SQL = `COPY product (id, workspace_id, external_id, name, category, price, created_at) FROM STDIN`;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Escapes a text value for COPY text format. */
export function copyText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));
}

/** Integer cents as a decimal string ("1234" -> "12.34"); exact, no floating point. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const frac = abs % 100;
  return `${sign}${Math.floor(abs / 100)}.${frac < 10 ? "0" : ""}${frac}`;
}

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Database ids are the reserved block start plus the row's position within the workspace's load. */
export interface IdBases {
  customer: number;
  order: number;
  orderItem: number;
  event: number;
  product: number;
}

/** Running positions within the load; advanced by appendCustomerRows. */
export interface RowCursor {
  order: number;
  orderItem: number;
  event: number;
}

export interface RowBuffers {
  customers: string[];
  orders: string[];
  orderItems: string[];
  events: string[];
}

export function customerExternalId(index: number): string {
  return `C${String(index + 1).padStart(7, "0")}`;
}

export function orderExternalId(position: number): string {
  return `ORD-${String(position + 1).padStart(8, "0")}`;
}

function eventProperties(ctx: SimulationContext, ids: IdBases, e: SimulatedEvent): string {
  switch (e.type) {
    case "site_visit":
      return JSON.stringify({ source: e.source, device: e.device });
    case "product_view":
    case "cart_add": {
      const product = ctx.catalogue.products[e.productIndex];
      const base = {
        product_id: ids.product + e.productIndex,
        sku: product?.externalId ?? null,
        category: product ? (CATEGORIES[product.categoryIndex]?.name ?? null) : null,
        price: product ? product.priceCents / 100 : null,
        device: e.device,
      };
      return JSON.stringify(e.type === "cart_add" ? { ...base, quantity: 1 } : base);
    }
    case "email_open":
    case "email_click": {
      const sendMs = ctx.newsletterSends[e.newsletterIndex] ?? e.atMs;
      const campaign = `newsletter-${isoTimestamp(sendMs).slice(0, 10)}`;
      return JSON.stringify(e.type === "email_click" ? { campaign, link: "/collections/new-arrivals" } : { campaign });
    }
  }
}

/** Appends one customer's rows (customer, orders, lines, events) and advances the cursor. */
export function appendCustomerRows(
  ctx: SimulationContext,
  workspaceId: number,
  currency: string,
  ids: IdBases,
  cursor: RowCursor,
  c: SimulatedCustomer,
  out: RowBuffers,
): void {
  const customerId = ids.customer + c.index;
  const signup = isoTimestamp(c.signupMs);
  const attributes = JSON.stringify({
    loyalty_tier: c.loyaltyTier,
    preferred_category: CATEGORIES[c.preferredCategory]?.name ?? null,
    birth_year: c.birthYear,
    gender: c.gender,
    app_user: c.appUser,
  });
  out.customers.push(
    `${customerId}\t${workspaceId}\t${customerExternalId(c.index)}\t${copyText(c.email)}\t${c.phone ?? "\\N"}\t` +
      `${copyText(c.firstName)}\t${copyText(c.lastName)}\t${c.location.country}\t${copyText(c.location.city)}\t` +
      `${c.location.timezone}\t${c.channel.name}\t${signup}\t${copyText(attributes)}\t` +
      `${c.emailConsent ? "t" : "f"}\t${c.smsConsent ? "t" : "f"}\t${c.pushConsent ? "t" : "f"}\t${signup}\t${signup}\n`,
  );
  for (const o of c.orders) {
    const orderId = ids.order + cursor.order;
    const placed = isoTimestamp(o.placedMs);
    out.orders.push(
      `${orderId}\t${workspaceId}\t${customerId}\t${orderExternalId(cursor.order)}\t${placed}\t${centsToDecimal(o.totalCents)}\t` +
        `${currency}\t${o.channel}\tcompleted\t${placed}\t${placed}\n`,
    );
    cursor.order++;
    for (const line of o.lines) {
      out.orderItems.push(
        `${ids.orderItem + cursor.orderItem}\t${workspaceId}\t${orderId}\t${ids.product + line.productIndex}\t1\t${centsToDecimal(line.unitCents)}\n`,
      );
      cursor.orderItem++;
    }
  }
  for (const e of c.events) {
    const at = isoTimestamp(e.atMs);
    out.events.push(
      `${ids.event + cursor.event}\t${workspaceId}\t${customerId}\t${e.type}\t${at}\t${copyText(eventProperties(ctx, ids, e))}\t${at}\n`,
    );
    cursor.event++;
  }
}

export function productRows(catalogue: Catalogue, workspaceId: number, productBase: number, createdMs: number): string[] {
  const created = isoTimestamp(createdMs);
  return catalogue.products.map(
    (p) =>
      `${productBase + p.index}\t${workspaceId}\t${p.externalId}\t${copyText(p.name)}\t` +
      `${copyText(CATEGORIES[p.categoryIndex]?.name ?? "")}\t${centsToDecimal(p.priceCents)}\t${created}\n`,
  );
}
