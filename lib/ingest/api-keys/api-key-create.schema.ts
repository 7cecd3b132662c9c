import { z } from "zod";
import { apiKeyScopeSchema, MAX_API_KEY_RATE_LIMIT_PER_MINUTE } from "../../auth/api-key-scopes.ts";
import { AppError } from "../../errors.ts";

/** The body of POST /api/w/{workspace}/api-keys, shared by the settings form and the route. */
export const apiKeyCreateSchema = z.strictObject({
  name: z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
  scopes: z
    .array(apiKeyScopeSchema, { error: "List the key's scopes: read, write and/or send." })
    .min(1, "Choose at least one scope (read, write or send)."),
  expiresOn: z
    .iso.date({ error: "A date like 2026-12-31." })
    .nullable()
    .optional()
    .meta({ description: "Last day the key works (to the end of that day in the workspace time zone); null or absent: no expiry." }),
  rateLimitPerMinute: z
    .number({ error: "A number of requests per minute." })
    .int("A whole number of requests per minute.")
    .min(1, "At least 1 request per minute.")
    .max(MAX_API_KEY_RATE_LIMIT_PER_MINUTE, `At most ${MAX_API_KEY_RATE_LIMIT_PER_MINUTE} requests per minute.`)
    .optional(),
});

export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

/** Largest create body: a name, three scopes, a date and a number. */
export const MAX_API_KEY_CREATE_BYTES = 16 * 1024;

/** A body the schema refuses: every problem named with its field, as `details.problems`, which the settings form shows as is. */
export function apiKeyCreateRefusal(error: z.ZodError): AppError {
  const problems = error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  return new AppError("VALIDATION", problems[0] ?? "Invalid API key settings.", { problems });
}
