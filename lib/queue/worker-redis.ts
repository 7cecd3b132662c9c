import type { Redis } from "ioredis";
import { createRedisConnection } from "./connection.ts";

let connection: Redis | undefined;

/** One plain (non-blocking) Redis connection per worker process, for what workers do beside BullMQ: send-rate slots, the re-queue sweep. */
export function workerRedis(): Redis {
  connection ??= createRedisConnection("worker");
  return connection;
}

export async function closeWorkerRedis(): Promise<void> {
  const open = connection;
  connection = undefined;
  await open?.quit().catch(() => undefined);
}
