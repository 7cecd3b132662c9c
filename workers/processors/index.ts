import type { ProcessorMap } from "./registry.ts";

/**
 * Job name → processor. Each processor is thin: the payload is already
 * validated; it calls lib/ and reports progress.
 */
export const processors: ProcessorMap = {};
