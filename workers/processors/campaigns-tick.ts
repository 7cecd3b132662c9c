import { campaignsTick as tick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import type { Processor } from "./registry.ts";

/** campaigns.tick: start due occurrences, turn triggers into occurrences, re-queue lost messages, complete broadcasts. */
export const campaignsTick: Processor<"campaigns.tick"> = async () => tick(workerRedis());
