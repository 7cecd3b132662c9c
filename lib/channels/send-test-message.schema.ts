import { z } from "zod";

/** A test message: email to one address (default: the admin's own), or a `test` event to the saved webhook URL. */
export const testMessageInputSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("email"),
    to: z.email("Enter the email address to send the test to.").max(320).optional(),
  }),
  z.object({ channel: z.literal("webhook") }),
]);

export type TestMessageInput = z.infer<typeof testMessageInputSchema>;
