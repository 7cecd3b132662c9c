import { setTimeout as sleep } from "node:timers/promises";
import { db } from "../db/client.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { ChangePasswordInput } from "./change-password.schema.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { passwordProblem } from "./password-policy.ts";
import { endAllSessions } from "./session-version.ts";
import { checkSignIn, recordSignInFailure, signInRefusal } from "./sign-in-rate-limit.ts";

/**
 * A signed-in user sets a new password. The current password is required (a
 * session left open on a shared computer must not be enough), and wrong
 * guesses count against the same limits as sign-in. The change ends every
 * session, this one included: the user signs in again with the new password.
 */
export async function changePassword(userId: string, input: ChangePasswordInput, clientAddress: string | null): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended; sign in again.");
  const gate = await checkSignIn(user.email, clientAddress);
  if (!gate.allowed) throw new AppError("RATE_LIMITED", signInRefusal(gate));
  if (gate.delayMs > 0) await sleep(gate.delayMs);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordSignInFailure(user.email, clientAddress);
    throw new AppError("VALIDATION", "Your current password is not correct.");
  }
  if (input.newPassword === input.currentPassword) throw new AppError("VALIDATION", "The new password is the same as the current one.");
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) throw new AppError("VALIDATION", `New password: ${problem}`);
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(async (client) => {
    // Only if the password is still the one just checked: two changes at once cannot both win.
    const updated = await client.query(`UPDATE app_user SET password_hash = $1::text WHERE id = $2::text AND password_hash = $3::text`, [
      passwordHash,
      userId,
      user.passwordHash,
    ]);
    if (updated.rowCount === 0) throw new AppError("CONFLICT", "Your password was changed meanwhile; sign in again.");
    await endAllSessions(client, userId);
  });
}
