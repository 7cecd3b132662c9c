import { z } from "zod";
import { customerOutputSchema } from "../customer.schema.ts";
import { orderOutputSchema } from "../order.schema.ts";
import { productOutputSchema } from "../product.schema.ts";

/**
 * Response shapes of /api/v1, for the OpenAPI document. The TypeScript types
 * the handlers return are checked against these (satisfies in openapi.ts and
 * the api-v1 OpenAPI test posts the documented examples and compares).
 */
export const writeStatusSchema = z.enum(["created", "updated", "unchanged"]).meta({
  description: "created: a new record; updated: an existing record changed; unchanged: identical data was already stored.",
});

export const issueSchema = z.object({ path: z.string(), message: z.string() }).meta({ title: "Issue" });

export const itemResultSchema = z
  .object({
    index: z.number().int().meta({ description: "Position of the item in the request." }),
    status: z.enum(["created", "updated", "unchanged", "error"]),
    external_id: z.string().optional(),
    errors: z.array(issueSchema).optional().meta({ description: "Present when status is error: what is wrong with the item." }),
  })
  .meta({ title: "ItemResult" });

export const batchResponseSchema = z
  .object({
    results: z.array(itemResultSchema),
    summary: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
      customers_created: z.number().int().meta({ description: "Customers created with only an external id because an item named an unknown customer." }),
    }),
  })
  .meta({ title: "BatchResponse" });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST, CONFLICT, RATE_LIMITED, UNAVAILABLE, INTERNAL" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ title: "Error" });

export const customerWriteResponseSchema = z.object({ status: writeStatusSchema, customer: customerOutputSchema });
export const orderWriteResponseSchema = z.object({ status: writeStatusSchema, order: orderOutputSchema });
export const eventWriteResponseSchema = z.object({ status: writeStatusSchema, external_id: z.string().nullable() });
export const customerResponseSchema = z.object({ customer: customerOutputSchema });
export const productWriteResponseSchema = z.object({ status: writeStatusSchema, product: productOutputSchema });
export const productResponseSchema = z.object({ product: productOutputSchema });
export const customerPageSchema = z
  .object({
    data: z.array(customerOutputSchema),
    next_cursor: z.string().nullable().meta({ description: "Pass as ?after= to get the next page; null on the last page." }),
  })
  .meta({ title: "CustomerPage" });
