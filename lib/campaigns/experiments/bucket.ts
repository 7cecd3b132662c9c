import { createHash } from "node:crypto";

/** Buckets 0..9999: a percentage p covers the buckets below p × 100. */
export const BUCKETS = 10_000;

/**
 * The bucket of a customer for a salt, exactly as SQL's
 * `valueloop_bucket(salt, customer_id)` computes it (migration
 * 20261207100000): the first 32 bits of md5("<salt>:<customer id>") as an
 * unsigned integer, modulo 10,000. Kept in TypeScript as the oracle the
 * assignment tests check the database against.
 */
export function bucketOf(salt: string, customerId: string | bigint): number {
  const digest = createHash("md5").update(`${salt}:${customerId.toString()}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** The salt of a workspace's global control group: one per workspace, independent of every campaign's. */
export function globalControlSalt(workspaceId: number): string {
  return `global-control:${workspaceId}`;
}
