import type { z } from "zod";
import { readJson } from "./read-json.ts";

/**
 * A route's JSON body as `withWorkspace` and `withApiKey` take it: the schema
 * it must match and the most bytes it may take. The handler receives the
 * schema's output, so the body's type comes from the schema alone.
 */
export interface JsonBodySpec<S extends z.ZodType> {
  body: S;
  maxBodyBytes: number;
  /**
   * The route's own answer to a body that does not match, for routes whose
   * clients already read a particular refusal; by default the ZodError itself
   * (422 listing each field at fault).
   */
  bodyRefusal?: (error: z.ZodError) => Error;
}

/** Reads the body with readJson (size, JSON, NUL and depth checks first), then parses it with the route's schema. */
export async function readBody<S extends z.ZodType>(req: Request, spec: JsonBodySpec<S>): Promise<z.output<S>> {
  const raw = await readJson(req, spec.maxBodyBytes);
  const parsed = spec.body.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw spec.bodyRefusal ? spec.bodyRefusal(parsed.error) : parsed.error;
}
