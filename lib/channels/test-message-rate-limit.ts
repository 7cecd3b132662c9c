import type { Redis } from "ioredis";
import { takeSlidingWindowSlot } from "../auth/sliding-window-limit.ts";
import { env } from "../env.ts";
import { AppError } from "../errors.ts";

/** Enough to try a fix a few times; too few for the button to be a way of sending mail or requests in bulk. */
export const TEST_MESSAGES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/**
 * Counts one test message of the workspace (all its channels and admins
 * together). Refused past the limit; refused too while Redis cannot count,
 * because a send cannot be taken back and must never run unlimited (the
 * same choice as for API keys with the send scope).
 */
export async function takeTestMessageSlot(workspaceId: number, options: { redis?: Redis } = {}): Promise<void> {
  let decision;
  try {
    decision = await takeSlidingWindowSlot(`${env.QUEUE_PREFIX}:channel-test:${workspaceId}`, TEST_MESSAGES_PER_MINUTE, WINDOW_MS, options);
  } catch (err) {
    console.warn("test message rate limit unavailable:", err instanceof Error ? err.message : err);
    throw new AppError("UNAVAILABLE", "Test messages are paused while the rate limiter is unavailable; try again shortly.");
  }
  if (!decision.allowed) {
    const seconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    throw new AppError("RATE_LIMITED", `This workspace may send ${TEST_MESSAGES_PER_MINUTE} test messages a minute; try again in ${seconds} s.`);
  }
}
