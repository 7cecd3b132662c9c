import { z } from "zod";
import { smsAddress } from "./sms/phone-address.ts";

/**
 * A test message: email to one address (default: the admin's own), an SMS
 * to a phone number, a push notification to the devices of one external id,
 * or a `test` event to the saved webhook URL.
 */
export const testMessageInputSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("email"),
    to: z.email("Enter the email address to send the test to.").max(320).optional(),
  }),
  z.object({
    channel: z.literal("sms"),
    to: z
      .string("Enter the phone number to send the test to.")
      .max(40, "A phone number has at most 15 digits.")
      .refine((to) => smsAddress(to) !== null, "Enter the phone number with its country code, e.g. +44 7700 900123."),
  }),
  z.object({
    channel: z.literal("push"),
    to: z.string("Enter the external id of a customer whose device has the app.").trim().min(1, "Enter the external id of a customer whose device has the app.").max(500),
  }),
  z.object({ channel: z.literal("webhook") }),
]);

export type TestMessageInput = z.infer<typeof testMessageInputSchema>;
