import { describe, expect, it } from "vitest";
import { microBatch } from "./micro-batch.ts";

describe("microBatch", () => {
  it("answers requests made together in one call, each with its own result", async () => {
    const calls: number[][] = [];
    const square = microBatch(async (xs: number[]) => {
      calls.push(xs);
      return xs.map((x) => x * x);
    });
    expect(await Promise.all([1, 2, 3, 4].map(square))).toEqual([1, 4, 9, 16]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
    // A lone request later is a batch of its own, with no timer to wait for.
    expect(await square(5)).toBe(25);
    expect(calls).toHaveLength(2);
  });

  it("starts a new batch when one is full", async () => {
    const sizes: number[] = [];
    const echo = microBatch(async (xs: number[]) => {
      sizes.push(xs.length);
      return xs;
    }, 3);
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map(echo))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("gives every caller of a failed batch the error, and later batches go on", async () => {
    let fail = true;
    const flaky = microBatch(async (xs: number[]) => {
      if (fail) throw new Error("connection lost");
      return xs;
    });
    const results = await Promise.allSettled([1, 2].map(flaky));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await flaky(3)).toBe(3);
  });

  it("refuses an answer that does not match its items, rather than give a caller someone else's", async () => {
    const short = microBatch(async (xs: number[]) => xs.slice(1));
    const results = await Promise.allSettled([1, 2].map(short));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
  });
});
