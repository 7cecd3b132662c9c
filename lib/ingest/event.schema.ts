import { z } from "zod";
import { isInFuture } from "./order.schema.ts";
import { externalIdField, jsonObjectField, optionalTimestampField } from "./schema-fields.ts";

const MAX_PROPERTIES_BYTES = 32_768;

/**
 * One behavioural event (page view, cart, login...). With external_id a re-send
 * updates the stored event instead of adding another; without it every call
 * adds one. An unknown customer_external_id creates a customer with only that id.
 */
export const eventInputSchema = z
  .strictObject({
    external_id: externalIdField("Optional id for idempotent re-sends (unique in the workspace).").nullable().optional(),
    customer_external_id: externalIdField("The external_id of the customer the event belongs to."),
    type: z
      .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be text") })
      .trim()
      .min(1, "is required")
      .max(100, "must be at most 100 characters")
      .meta({ description: "Event type, e.g. page_view, added_to_cart." }),
    occurred_at: optionalTimestampField("When it happened; defaults to the time the API received it."),
    properties: jsonObjectField("Event properties (any JSON object)."),
  })
  .superRefine((value, ctx) => {
    if (value.occurred_at && isInFuture(value.occurred_at)) {
      ctx.addIssue({ code: "custom", path: ["occurred_at"], message: "is in the future" });
    }
    if (value.properties && JSON.stringify(value.properties).length > MAX_PROPERTIES_BYTES) {
      ctx.addIssue({ code: "custom", path: ["properties"], message: `must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON` });
    }
  })
  .meta({ title: "EventInput" });

export type EventInput = z.output<typeof eventInputSchema>;
