import { notFound } from "next/navigation";
import { isAppError } from "../errors.ts";

/** Runs `work` for a page; a NOT_FOUND from the domain (a bad id in the URL, a record of another workspace) becomes the 404 page. */
export async function orNotFound<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
