import { notFound } from "next/navigation";

/** The segment id from the URL, or the 404 page for anything that cannot be one. */
export function segmentIdOrNotFound(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) notFound();
  const id = Number(raw);
  if (id < 1 || id > 2_147_483_647) notFound();
  return id;
}
