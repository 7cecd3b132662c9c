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
export const ORDER_ITEM_COPY_SQL = `COPY order_item (id, workspace_id, order_id, product_id, line_number, quantity, unit_price) FROM STDIN`;
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

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const dayPrefixes = new Map<number, string>();

/** Same text as Date#toISOString for whole-ms instants after 1970, several times faster (day prefixes are cached). */
export function isoTimestamp(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}Z`;
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

/**
 * COPY text accumulated as a few large Buffers. Rows are concatenated into a
 * short-lived string and flushed to off-heap memory every ~64 kB, so a chunk of
 * a million rows is a handful of Buffers rather than a million live strings
 * for the garbage collector to trace.
 */
export class CopyBuffer {
  readonly parts: Buffer[] = [];
  rows = 0;
  private pending = "";

  add(line: string): void {
    this.pending += line;
    this.rows++;
    if (this.pending.length >= 65_536) this.flush();
  }

  /** The accumulated bytes; the buffer may keep being appended to afterwards. */
  finish(): Buffer[] {
    this.flush();
    return this.parts;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Buffer.from(this.pending, "utf8"));
    this.pending = "";
  }
}

export interface RowBuffers {
  customers: CopyBuffer;
  orders: CopyBuffer;
  orderItems: CopyBuffer;
  events: CopyBuffer;
}

export function newRowBuffers(): RowBuffers {
  return { customers: new CopyBuffer(), orders: new CopyBuffer(), orderItems: new CopyBuffer(), events: new CopyBuffer() };
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
  out.customers.add(
    `${customerId}\t${workspaceId}\t${customerExternalId(c.index)}\t${copyText(c.email)}\t${c.phone ?? "\\N"}\t` +
      `${copyText(c.firstName)}\t${copyText(c.lastName)}\t${c.location.country}\t${copyText(c.location.city)}\t` +
      `${c.location.timezone}\t${c.channel.name}\t${signup}\t${copyText(attributes)}\t` +
      `${c.emailConsent ? "t" : "f"}\t${c.smsConsent ? "t" : "f"}\t${c.pushConsent ? "t" : "f"}\t${signup}\t${signup}\n`,
  );
  for (const o of c.orders) {
    const orderId = ids.order + cursor.order;
    const placed = isoTimestamp(o.placedMs);
    out.orders.add(
      `${orderId}\t${workspaceId}\t${customerId}\t${orderExternalId(cursor.order)}\t${placed}\t${centsToDecimal(o.totalCents)}\t` +
        `${currency}\t${o.channel}\tcompleted\t${placed}\t${placed}\n`,
    );
    cursor.order++;
    // Lines are numbered in the order: a product drawn twice for one basket stays two lines under the (order, product, line number) key.
    o.lines.forEach((line, index) => {
      out.orderItems.add(
        `${ids.orderItem + cursor.orderItem}\t${workspaceId}\t${orderId}\t${ids.product + line.productIndex}\t${index + 1}\t1\t${centsToDecimal(line.unitCents)}\n`,
      );
      cursor.orderItem++;
    });
  }
  for (const e of c.events) {
    const at = isoTimestamp(e.atMs);
    out.events.add(
      `${ids.event + cursor.event}\t${workspaceId}\t${customerId}\t${e.type}\t${at}\t${copyText(eventProperties(ctx, ids, e))}\t${at}\n`,
    );
    cursor.event++;
  }
}

export function productRows(catalogue: Catalogue, workspaceId: number, productBase: number, createdMs: number): CopyBuffer {
  const created = isoTimestamp(createdMs);
  const out = new CopyBuffer();
  for (const p of catalogue.products) {
    out.add(
      `${productBase + p.index}\t${workspaceId}\t${p.externalId}\t${copyText(p.name)}\t` +
        `${copyText(CATEGORIES[p.categoryIndex]?.name ?? "")}\t${centsToDecimal(p.priceCents)}\t${created}\n`,
    );
  }
  return out;
}
