import { z } from "zod";
import { customerInputSchema, customerOutputSchema } from "../customer.schema.ts";
import { eventInputSchema } from "../event.schema.ts";
import { orderLineInputSchema } from "../order-line.schema.ts";
import { orderInputSchema, orderOutputSchema } from "../order.schema.ts";
import { productInputSchema, productOutputSchema } from "../product.schema.ts";
import { scoped } from "./openapi-scopes.ts";
import { ANALYTICS_COMPONENTS, analyticsPaths } from "./openapi-analytics.ts";
import { RECOMMENDATION_COMPONENTS, recommendationPaths } from "./openapi-recommendations.ts";
import { CAMPAIGN_COMPONENTS, campaignPaths } from "./openapi-campaigns.ts";
import { SEGMENT_COMPONENTS, segmentPaths } from "./openapi-segments.ts";
import { DEFAULT_PAGE_SIZE, MAX_BATCH_BYTES, MAX_BATCH_ITEMS, MAX_PAGE_SIZE, MAX_SINGLE_BYTES } from "./api-limits.ts";
import {
  batchResponseSchema,
  customerPageSchema,
  customerResponseSchema,
  customerWriteResponseSchema,
  errorResponseSchema,
  eventWriteResponseSchema,
  itemResultSchema,
  orderWriteResponseSchema,
  productResponseSchema,
  productWriteResponseSchema,
} from "./response.schema.ts";

type JsonObject = Record<string, unknown>;

const COMPONENTS = {
  CustomerInput: customerInputSchema,
  OrderInput: orderInputSchema,
  EventInput: eventInputSchema,
  ProductInput: productInputSchema,
  OrderLineInput: orderLineInputSchema,
  Customer: customerOutputSchema,
  Order: orderOutputSchema,
  Product: productOutputSchema,
  ProductWriteResponse: productWriteResponseSchema,
  ProductResponse: productResponseSchema,
  CustomerWriteResponse: customerWriteResponseSchema,
  OrderWriteResponse: orderWriteResponseSchema,
  EventWriteResponse: eventWriteResponseSchema,
  CustomerResponse: customerResponseSchema,
  CustomerPage: customerPageSchema,
  ItemResult: itemResultSchema,
  BatchResponse: batchResponseSchema,
  Error: errorResponseSchema,
  ...SEGMENT_COMPONENTS,
  ...CAMPAIGN_COMPONENTS,
  ...ANALYTICS_COMPONENTS,
  ...RECOMMENDATION_COMPONENTS,
} as const;

export type ComponentName = keyof typeof COMPONENTS;

/** JSON Schemas (2020-12, which OpenAPI 3.1 uses) generated from the zod schemas the handlers validate and answer with. */
function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: "input", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema, $id, ...rest } = schema as JsonObject;
    void $schema;
    void $id;
    out[id] = rest;
  }
  return out;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject, example?: unknown) => ({ "application/json": { schema, ...(example !== undefined ? { example } : {}) } });

const NOT_FOUND = { description: "Not found in the key's workspace.", content: json(ref("Error")) };

const ERRORS = {
  "400": { description: "The body is not valid JSON.", content: json(ref("Error")) },
  "401": { description: "Missing, unknown, revoked or expired API key.", content: json(ref("Error")) },
  "413": { description: "Body too large, or more items than a batch allows.", content: json(ref("Error")) },
  "422": { description: "The body has the wrong shape, or (single-item endpoints) the item is invalid; details lists each problem.", content: json(ref("Error")) },
};

export const EXAMPLES = {
  customer: {
    external_id: "C-1001",
    email: "ada@example.com",
    first_name: "Ada",
    last_name: "Lovelace",
    country: "GB",
    timezone: "Europe/London",
    signed_up_at: "2024-03-05T14:30:00Z",
    email_consent: true,
    attributes: { loyalty_tier: "gold" },
  },
  order: {
    external_id: "O-5001",
    customer_external_id: "C-1001",
    placed_at: "2024-03-07T10:15:00+01:00",
    total: "49.90",
    currency: "EUR",
    channel: "web",
    lines: [{ product_external_id: "TEA-01", quantity: 2, unit_price: "24.95" }],
  },
  product: {
    external_id: "TEA-01",
    name: "Sencha green tea",
    category_path: ["Tea", "Green tea"],
    brand: "Leafhouse",
    price: "24.95",
    launch_date: "2024-02-01",
    attributes: { origin: "Shizuoka" },
  },
  orderLine: { order_external_id: "O-5001", product_external_id: "TEA-01", line_number: 1, quantity: 2, unit_price: "24.95", discount: "0.00" },
  event: { external_id: "E-9001", customer_external_id: "C-1001", type: "added_to_cart", occurred_at: "2024-03-07T10:05:00Z", properties: { sku: "TEA-01", quantity: 2 } },
};

function singleWrite(summary: string, description: string, input: ComponentName, output: ComponentName, example: unknown) {
  return scoped("write", {
    summary,
    description: `${description} Body at most ${MAX_SINGLE_BYTES / 1024} KB.`,
    requestBody: { required: true, content: json(ref(input), example) },
    responses: {
      "201": { description: "Created.", content: json(ref(output)) },
      "200": { description: "Already existed: updated, or unchanged when identical.", content: json(ref(output)) },
      ...ERRORS,
    },
  });
}

function batchWrite(entity: "customers" | "orders" | "events" | "products" | "order_lines", input: ComponentName, example: unknown, note = "") {
  return scoped("write", {
    summary: `Create or update up to ${MAX_BATCH_ITEMS} ${entity.replace("_", " ")}`,
    description:
      `Each item is validated on its own; valid items are written (in one transaction) even when others are invalid. ` +
      `results has one entry per item, in request order. Later items win over earlier ones with the same external_id. ` +
      `${note}Body at most ${MAX_BATCH_BYTES / 1024 / 1024} MB.`,
    requestBody: {
      required: true,
      content: json({ type: "object", required: [entity], additionalProperties: false, properties: { [entity]: { type: "array", minItems: 1, maxItems: MAX_BATCH_ITEMS, items: ref(input) } } }, {
        [entity]: [example],
      }),
    },
    responses: { "200": { description: "Per-item results.", content: json(ref("BatchResponse")) }, ...ERRORS },
  });
}

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function buildOpenApiDocument(serverUrl?: string): JsonObject {
  return {
    openapi: "3.1.0",
    info: {
      title: "ValueLoop API",
      version: "1.0.0",
      description:
        "Send customers, orders (with their lines), products and events into a ValueLoop workspace, read its segments, and run its campaigns. Authenticate with a workspace API key " +
        "(Settings → API keys) as `Authorization: Bearer <key>`. A key holds scopes chosen when it is created: `read` (GET endpoints, segment counts " +
        "and launch previews), `write` (creating and updating customers, orders, products, order lines, events and campaigns) and `send` (launching, pausing, resuming and " +
        "archiving campaigns: what messages customers get); each operation names the scope it needs " +
        "and answers 403 without it. A key may have an expiry (401 afterwards). Each key has a per-minute request limit over a sliding minute " +
        "(600 unless chosen otherwise): every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and a request past the limit " +
        "gets 429 with Retry-After in seconds. Writes are upserts by external_id: re-sending updates, never duplicates. A field left out keeps " +
        "its stored value; null clears it. An order or event naming an unknown customer_external_id creates that customer with only the id. " +
        "On campaigns an API key acts as a marketer: it never approves, so where approval is required an admin approves in the app first.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/customers": {
        get: scoped("read", {
          summary: "List customers",
          description: "Oldest first, keyset-paginated: pass next_cursor back as after until it is null.",
          parameters: [
            { name: "after", in: "query", required: false, schema: { type: "string" }, description: "next_cursor from the previous page." },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
          ],
          responses: { "200": { description: "One page of customers.", content: json(ref("CustomerPage")) }, "401": ERRORS["401"], "422": ERRORS["422"] },
        }),
        post: singleWrite("Create or update a customer", "Upsert by external_id.", "CustomerInput", "CustomerWriteResponse", EXAMPLES.customer),
      },
      "/api/v1/customers/batch": { post: batchWrite("customers", "CustomerInput", EXAMPLES.customer) },
      "/api/v1/customers/{externalId}": {
        get: scoped("read", {
          summary: "Get a customer by external_id",
          parameters: [{ name: "externalId", in: "path", required: true, schema: { type: "string" }, description: "URL-encoded external_id." }],
          responses: {
            "200": { description: "The customer.", content: json(ref("CustomerResponse")) },
            "401": ERRORS["401"],
            "404": { description: "No customer with this external_id in the key's workspace.", content: json(ref("Error")) },
          },
        }),
      },
      "/api/v1/products": {
        post: singleWrite(
          "Create or update a product",
          "Upsert by external_id. A changed category path moves the product's past purchases to the new category for segment rules at once.",
          "ProductInput",
          "ProductWriteResponse",
          EXAMPLES.product,
        ),
      },
      "/api/v1/products/batch": { post: batchWrite("products", "ProductInput", EXAMPLES.product) },
      "/api/v1/products/{productExternalId}": {
        get: scoped("read", {
          summary: "Get a product by external_id",
          parameters: [{ name: "productExternalId", in: "path", required: true, schema: { type: "string" }, description: "URL-encoded external_id." }],
          responses: {
            "200": { description: "The product.", content: json(ref("ProductResponse")) },
            "401": ERRORS["401"],
            "404": { description: "No product with this external_id in the key's workspace.", content: json(ref("Error")) },
          },
        }),
      },
      "/api/v1/orders": {
        post: singleWrite(
          "Create or update an order",
          "Upsert by external_id; an unknown customer_external_id creates that customer. With lines, they become the order's lines " +
            "(stored lines not listed are removed); an order naming an unknown product is refused (422) and nothing of it is written.",
          "OrderInput",
          "OrderWriteResponse",
          EXAMPLES.order,
        ),
      },
      "/api/v1/orders/batch": {
        post: batchWrite("orders", "OrderInput", EXAMPLES.order, "An order whose lines name an unknown product is an item error and nothing of it is written. "),
      },
      "/api/v1/order-lines/batch": {
        post: batchWrite(
          "order_lines",
          "OrderLineInput",
          EXAMPLES.orderLine,
          "A line is known by (order_external_id, product_external_id, line_number): re-sending it updates quantity, unit_price and discount. " +
            "A line naming an order or product the workspace does not have is an item error (send orders and products first). ",
        ),
      },
      "/api/v1/events": {
        post: singleWrite(
          "Record an event",
          "With external_id, a re-send updates the stored event (idempotent); without it, every call adds an event.",
          "EventInput",
          "EventWriteResponse",
          EXAMPLES.event,
        ),
      },
      "/api/v1/events/batch": { post: batchWrite("events", "EventInput", EXAMPLES.event) },
      ...segmentPaths(ref, { ...ERRORS, "404": NOT_FOUND }),
      ...campaignPaths(ref, { ...ERRORS, "404": NOT_FOUND }),
      ...analyticsPaths(ref, { ...ERRORS, "404": NOT_FOUND }),
      ...recommendationPaths(ref, { ...ERRORS, "404": NOT_FOUND }),
      "/api/v1/openapi.json": {
        get: {
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A workspace API key (vl_live_...) with the scopes each operation lists: read, write, send." },
      },
      schemas: componentSchemas(),
    },
  };
}
