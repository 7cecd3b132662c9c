import { Redis } from "ioredis";
import { env } from "../env.ts";

/**
 * Producers (the web app) fail fast when Redis is down so a request gets a clear
 * error instead of hanging; workers wait for Redis forever (BullMQ requires
 * maxRetriesPerRequest: null for blocking connections).
 */
export function createRedisConnection(purpose: "producer" | "worker"): Redis {
  const connection = new Redis(env.REDIS_URL, {
    maxRetriesPerRequest: purpose === "worker" ? null : 1,
    enableOfflineQueue: purpose === "worker",
    lazyConnect: false,
  });
  connection.on("error", (err: Error) => {
    console.error(`redis (${purpose}) error:`, err.message);
  });
  return connection;
}
