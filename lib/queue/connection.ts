import { Redis } from "ioredis";
import { env } from "../env.ts";

/**
 * Producers (the web app) fail within seconds when Redis is down so a request
 * gets a clear error instead of hanging; workers wait for Redis forever (BullMQ requires
 * maxRetriesPerRequest: null for blocking connections).
 */
export function createRedisConnection(purpose: "producer" | "worker"): Redis {
  const connection = new Redis(env.REDIS_URL, {
    maxRetriesPerRequest: purpose === "worker" ? null : 1,
    // Producers queue commands only briefly while connecting; a command that
    // gets no answer in 5 s fails instead of hanging the request.
    ...(purpose === "producer" ? { commandTimeout: 5_000, connectTimeout: 5_000 } : {}),
  });
  connection.on("error", (err: Error) => {
    console.error(`redis (${purpose}) error:`, err.message);
  });
  return connection;
}
