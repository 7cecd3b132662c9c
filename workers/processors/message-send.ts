import { DelayedError } from "bullmq";
import { sendMessage } from "../../lib/campaigns/delivery/send-message.ts";
import type { Processor } from "./registry.ts";

/**
 * message.send: the job id is `message-<id>`. A message that must wait (rate
 * limit, not due yet, a retryable refusal) moves this same job to delayed, so
 * there is never a second job for one message.
 */
export const messageSend: Processor<"message.send"> = async ({ workspaceId, messageId }, ctx) => {
  const outcome = await sendMessage(workspaceId, messageId);
  if (outcome.status === "later") {
    await ctx.job.moveToDelayed(outcome.at.getTime(), ctx.token);
    throw new DelayedError();
  }
  return outcome;
};
