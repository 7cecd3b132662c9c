import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's baseline (19 MiB, 2 passes): memory-hard, so a stolen
// table of hashes is expensive to attack on GPUs.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}
