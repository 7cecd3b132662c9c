/**
 * A small least-recently-used cache of parsed templates keyed by their source
 * text, so a broadcast to 100k customers parses each field once. Bounded by
 * entries and by the total length of the sources held, since one HTML body
 * may be 256 KiB.
 */
export class ParsedTemplateCache<T> {
  private readonly entries = new Map<string, { value: T; chars: number }>();
  private chars = 0;
  /** Parses done, for measuring; a cached source is never parsed again until evicted. */
  parses = 0;

  constructor(
    private readonly maxEntries = 500,
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached value for `key`, or `parse()` run once and remembered (a parse that throws is not cached). */
  get(key: string, parse: () => T): T {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting moves it to the back: Map keeps insertion order, the front is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = parse();
    this.parses++;
    const chars = key.length;
    if (chars > this.maxChars) return value;
    this.entries.set(key, { value, chars });
    this.chars += chars;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
    return value;
  }
}
