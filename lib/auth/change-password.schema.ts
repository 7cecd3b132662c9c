import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "./password-policy.ts";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().min(1, "Enter a new password.").max(PASSWORD_MAX_LENGTH),
    confirmPassword: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ." });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
