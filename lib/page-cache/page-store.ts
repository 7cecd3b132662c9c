import type { SplicedBody } from "./gzip-splice.ts";

/** One rendered answer, kept to be answered again. */
export interface StoredPage {
  status: number;
  /** Response headers as rendered, without Set-Cookie, Content-Length, Content-Encoding or Date. */
  headers: Record<string, string | string[]>;
  body: SplicedBody;
  /** The CSP nonce the page was rendered with ("" when it names none): the gaps in `body`. */
  nonce: string;
  storedAt: number;
  bytes: number;
}

/**
 * Rendered pages of this process, least recently used out first, bounded by
 * their compressed size; an entry older than the time to live is not served.
 * Also coalesces renders: while one request renders a page, others for the
 * same key wait for it instead of rendering it again (`inFlight`).
 */
export class PageStore {
  private readonly pages = new Map<string, StoredPage>();
  private readonly rendering = new Map<string, Promise<void>>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): StoredPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    this.pages.delete(key);
    if (this.now() - page.storedAt > this.ttlMs) {
      this.bytes -= page.bytes;
      return undefined;
    }
    this.pages.set(key, page); // most recently used last
    return page;
  }

  set(key: string, page: StoredPage): void {
    if (page.bytes > this.maxBytes / 8) return; // one page may not push out most of the others
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.bytes -= old.bytes;
    }
    this.pages.set(key, page);
    this.bytes += page.bytes;
    for (const [oldestKey, oldest] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldestKey);
      this.bytes -= oldest.bytes;
    }
  }

  /** What is kept now, in compressed bytes and pages. */
  size(): { bytes: number; pages: number } {
    return { bytes: this.bytes, pages: this.pages.size };
  }

  /** The render of `key` under way, if any. */
  inFlight(key: string): Promise<void> | undefined {
    return this.rendering.get(key);
  }

  /** Marks `key` as rendering until `done` settles. */
  renderingUntil(key: string, done: Promise<void>): void {
    this.rendering.set(key, done);
    void done.finally(() => {
      if (this.rendering.get(key) === done) this.rendering.delete(key);
    });
  }
}
