import { z } from "zod";
import {
  booleanField,
  countryField,
  emailField,
  externalIdField,
  jsonObjectField,
  optionalTimestampField,
  phoneField,
  textField,
  timeZoneField,
} from "./schema-fields.ts";

const MAX_ATTRIBUTES_BYTES = 16_384;

/**
 * One customer as sent by the REST API or built from a CSV row. The single
 * definition of what a valid customer is; upsert by external_id.
 * Absent fields keep their stored value; null clears it. `attributes` are
 * merged key by key into the stored ones (a key set to null is removed).
 */
export const customerInputSchema = z
  .strictObject({
    external_id: externalIdField("Your id for the customer (unique in the workspace)."),
    email: emailField,
    phone: phoneField,
    first_name: textField(200, "Given name."),
    last_name: textField(200, "Family name."),
    country: countryField,
    city: textField(200, "City."),
    timezone: timeZoneField,
    acquisition_channel: textField(100, "Where the customer came from (e.g. organic, paid_search)."),
    signed_up_at: optionalTimestampField("When the customer signed up."),
    email_consent: booleanField("Consent to marketing email."),
    sms_consent: booleanField("Consent to marketing SMS."),
    push_consent: booleanField("Consent to push notifications."),
    attributes: jsonObjectField("Custom attributes (any JSON values), merged into the stored ones; null removes a key."),
  })
  .superRefine((value, ctx) => {
    if (value.attributes && JSON.stringify(value.attributes).length > MAX_ATTRIBUTES_BYTES) {
      ctx.addIssue({ code: "custom", path: ["attributes"], message: `must be at most ${MAX_ATTRIBUTES_BYTES} bytes of JSON` });
    }
  })
  .meta({ title: "CustomerInput" });

export type CustomerInput = z.output<typeof customerInputSchema>;

/** A customer as the API returns it. */
export const customerOutputSchema = z
  .object({
    external_id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    country: z.string().nullable(),
    city: z.string().nullable(),
    timezone: z.string().nullable(),
    acquisition_channel: z.string().nullable(),
    signed_up_at: z.string().nullable().meta({ description: "ISO 8601 UTC." }),
    email_consent: z.boolean(),
    sms_consent: z.boolean(),
    push_consent: z.boolean(),
    attributes: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ title: "Customer" });

export type CustomerOutput = z.infer<typeof customerOutputSchema>;
