import { describe, expect, it } from "vitest";
import { spliceable } from "./gzip-splice.ts";
import { PageStore, type StoredPage } from "./page-store.ts";

function page(bytes: number, storedAt = 0): StoredPage {
  return { status: 200, headers: {}, body: spliceable(Buffer.from("x"), ""), nonce: "", storedAt, bytes };
}

describe("PageStore", () => {
  it("drops the least recently used pages once the compressed size passes the bound", () => {
    const store = new PageStore(1000, 60_000, () => 0);
    store.set("a", page(100));
    store.set("b", page(100));
    store.set("c", page(100));
    expect(store.get("a")).toBeDefined(); // a is now the most recently used
    for (let i = 0; i < 9; i++) store.set(`fill${i}`, page(100));
    expect(store.size().bytes).toBeLessThanOrEqual(1000);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("c")).toBeUndefined();
    expect(store.get("a")).toBeDefined(); // inserted first, used after b and c
    store.set("fill9", page(100));
    store.set("fill10", page(100));
    expect(store.get("fill0")).toBeUndefined();
    expect(store.get("a")).toBeDefined();
    expect(store.get("fill10")).toBeDefined();
  });

  it("does not answer a page older than the time to live, and forgets its size", () => {
    let now = 0;
    const store = new PageStore(1000, 60_000, () => now);
    store.set("a", page(100, 0));
    now = 60_000;
    expect(store.get("a")).toBeDefined();
    now = 60_001;
    expect(store.get("a")).toBeUndefined();
    expect(store.size()).toEqual({ bytes: 0, pages: 0 });
  });

  it("keeps no page bigger than an eighth of the bound, and replaces a key's page in place", () => {
    const store = new PageStore(800, 60_000, () => 0);
    store.set("big", page(101));
    expect(store.get("big")).toBeUndefined();
    store.set("a", page(50));
    store.set("a", page(70));
    expect(store.size()).toEqual({ bytes: 70, pages: 1 });
  });

  it("tells who renders a key until the render settles", async () => {
    const store = new PageStore(1000, 60_000);
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    store.renderingUntil("k", done);
    expect(store.inFlight("k")).toBe(done);
    finish();
    await done;
    await Promise.resolve();
    expect(store.inFlight("k")).toBeUndefined();
  });
});
