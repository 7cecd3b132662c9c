import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { db } from "../db/client.ts";
import { clientAddress, type HeaderSource } from "./client-address.ts";
import { verifyPassword } from "./password.ts";
import { checkSignIn, recordSignInFailure, recordSignInSuccess, signInRefusal, SIGN_IN_LIMITS, type SignInLimits } from "./sign-in-rate-limit.ts";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  /** Goes into the session token; see session-version.ts. */
  sessionVersion: number;
}

// argon2id hash of a random string, used only to equalise timing.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Jt9dK7QwHqWmQ2r9l5K0m8m3b1b5w5m6sQm1tq8b8c";

/**
 * next-auth's credentials check: the sign-in limits for this account and
 * client address first (a refusal throws, and next-auth shows the message),
 * then the password. Null for a wrong email or password, without saying which.
 */
export async function authorizeCredentials(raw: unknown, headers: HeaderSource, limits: SignInLimits = SIGN_IN_LIMITS): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const address = clientAddress(headers);
  const gate = await checkSignIn(email, address, limits);
  if (!gate.allowed) throw new Error(signInRefusal(gate));
  // Slows guessing on an account under attack; a right password waits too, so the wait reveals nothing.
  if (gate.delayMs > 0) await sleep(gate.delayMs);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  // Unknown emails cost the same hashing time, so timing does not reveal which emails exist.
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) {
    await recordSignInFailure(email, address, limits);
    return null;
  }
  await recordSignInSuccess(email, address, limits);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
