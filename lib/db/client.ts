import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { pool } from "./pool.ts";

const globalForPrisma = globalThis as unknown as { valueloopPrisma?: PrismaClient };

/** The one Prisma client. It runs over the shared pg pool, so raw SQL and Prisma see one connection budget. */
export const db: PrismaClient = globalForPrisma.valueloopPrisma ?? new PrismaClient({ adapter: new PrismaPg(pool) });

if (process.env.NODE_ENV !== "production") globalForPrisma.valueloopPrisma = db;

export { Prisma } from "./generated/client.ts";
export type * from "./generated/client.ts";
