import { AppError } from "../../errors.ts";

/** A route's [importId] segment; anything but a positive integer is simply not found. */
export function parseImportId(raw: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new AppError("NOT_FOUND", "Import not found");
  const id = Number(raw);
  if (id > 2_147_483_647) throw new AppError("NOT_FOUND", "Import not found");
  return id;
}
