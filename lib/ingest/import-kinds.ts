import type { ImportKind } from "../db/generated/enums.ts";

export interface ImportKindInfo {
  /** "Customers": the upload form's choice and the import list. */
  label: string;
  /** "customer": "… is not a customer field". */
  singular: string;
  /** "customers": "Import customers", "… rows". */
  plural: string;
  /** Unmapped columns can be kept as custom attributes. */
  keepsAttributes: boolean;
  /**
   * Writing these rows can change RFM and CLV (order totals and dates, new customers), so a finished import asks
   * for a recompute. Products and lines cannot: at 1M customers a recompute for a catalogue sync would be minutes
   * of work for nothing. Category rules read the timelines the triggers keep, so counts follow lines at once.
   */
  feedsAnalytics: boolean;
  /** Writing these rows changes baskets or categories, so a finished import asks for a recommendations build. */
  feedsRecommendations: boolean;
  /**
   * The table a finished import of this kind analyses when it added many rows. The next import names these rows
   * by the thousand (lines name orders and products, orders name customers): a table grown from nothing and not yet
   * analysed (autovacuum analyses a minute later at best, never where it is off) made the planner look each SKU up
   * through the (workspace_id, category) index and check each line's order with a scan of all orders: minutes for
   * 50k lines instead of seconds.
   */
  analyseAfter: ("customer" | "customer_order" | "product" | "order_item")[];
  /** What one row of the file is, for the upload form. */
  hint: string;
}

/** Every importable kind in the order the upload form offers them; the one place that says what each is called. */
export const IMPORT_KINDS: Record<ImportKind, ImportKindInfo> = {
  CUSTOMERS: {
    label: "Customers",
    singular: "customer",
    plural: "customers",
    keepsAttributes: true,
    feedsAnalytics: true,
    feedsRecommendations: false,
    analyseAfter: ["customer"],
    hint: "One row per customer: customer ID (required), email, name, country, consent… Other columns can be kept as custom attributes.",
  },
  ORDERS: {
    label: "Orders",
    singular: "order",
    plural: "orders",
    keepsAttributes: false,
    feedsAnalytics: true,
    feedsRecommendations: true,
    // With the customers it created for unknown customer ids.
    analyseAfter: ["customer_order", "customer"],
    hint: "One row per order: order ID, customer ID, order date and total (all required), currency, channel, status.",
  },
  PRODUCTS: {
    label: "Products",
    singular: "product",
    plural: "products",
    keepsAttributes: true,
    feedsAnalytics: false,
    feedsRecommendations: true,
    analyseAfter: ["product"],
    hint: "One row per product: product ID (SKU) and name (required), category path (“Apparel > Shoes”), brand, price, launch date. Other columns can be kept as custom attributes.",
  },
  ORDER_LINES: {
    label: "Order lines",
    singular: "order line",
    plural: "order lines",
    keepsAttributes: false,
    feedsAnalytics: false,
    feedsRecommendations: true,
    analyseAfter: ["order_item"],
    hint: "One row per line: order ID, product ID and unit price (required), quantity, discount, line number. Import the orders and products first.",
  },
};

export const IMPORT_KIND_VALUES = Object.keys(IMPORT_KINDS) as ImportKind[];
