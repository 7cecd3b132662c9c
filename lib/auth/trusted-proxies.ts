import { z } from "zod";
import { parseIpRangeList } from "./ip-address.ts";

/**
 * The TRUSTED_PROXIES setting: comma-separated addresses and CIDR ranges of
 * the reverse proxies in front of the app, parsed once at start. A bad entry
 * stops the process with its position, rather than silently trusting nothing.
 */
export const trustedProxiesSetting = z
  .string()
  .default("")
  .transform((value, ctx) => {
    try {
      return parseIpRangeList(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });
