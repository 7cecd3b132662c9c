import { z } from "zod";
import { isBigintId } from "../../route-id.ts";
import { templateContentSchema } from "./template-content.ts";

/** Room for the largest template (256 KiB of HTML) once JSON-escaped, and the other fields. */
export const MAX_TEMPLATE_PREVIEW_BODY_BYTES = 1024 * 1024;

export const previewTemplateRequestSchema = z
  .strictObject({
    content: templateContentSchema,
    /** The customer to render for (ValueLoop's id); neither id: the workspace's first customer. */
    customerId: z.string().refine(isBigintId, "customerId must be a customer id (digits)").optional(),
    /** Or the customer's id in your own systems. */
    customerExternalId: z.string().min(1).max(255).optional(),
    /** What {{ campaign.name }} shows; the campaign editor passes the campaign's name. */
    campaignName: z.string().trim().min(1).max(200).optional(),
  })
  .refine((body) => body.customerId === undefined || body.customerExternalId === undefined, {
    message: "Give customerId or customerExternalId, not both.",
    path: ["customerExternalId"],
  });

export type PreviewTemplateRequest = z.output<typeof previewTemplateRequestSchema>;
