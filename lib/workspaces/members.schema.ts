import { z } from "zod";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "../auth/password-policy.ts";

export const roleSchema = z.enum(["ADMIN", "MARKETER", "ANALYST"]);

export const addMemberSchema = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(320),
    name: z.string().trim().min(1, "Enter the person's name.").max(120),
    role: roleSchema,
    /** Initial password, needed only when the email has no account yet (an existing account keeps its own); empty = none. */
    password: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(PASSWORD_MAX_LENGTH).optional()),
  })
  .superRefine((input, ctx) => {
    const problem = input.password === undefined ? null : passwordProblem(input.password, input.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(64), role: roleSchema });

export const removeMemberSchema = z.object({ userId: z.string().min(1).max(64) });

export type AddMemberInput = z.infer<typeof addMemberSchema>;
