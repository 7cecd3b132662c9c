/**
 * Grouping of identical numeric keys with an open-addressing hash table over
 * the keys' IEEE-754 bits, in typed arrays only. A Map keyed by numbers (or
 * by strings built per row) costs an allocation and a generic hash per row;
 * at a million customers that was the largest part of a BG/NBD fit.
 *
 * Groups are numbered in order of first appearance, so results do not depend
 * on the hash and summation orders stay the same as a first-seen Map's.
 */

const scratch = new Float64Array(1);
const scratchBits = new Int32Array(scratch.buffer);

/** Folds one double into a 32-bit hash state; callers pass v + 0 so that 0 and -0, equal numbers, hash alike. */
function mix(h: number, v: number): number {
  scratch[0] = v;
  h = Math.imul(h ^ scratchBits[0]!, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16) ^ scratchBits[1]!, 0x85ebca77);
  return h ^ (h >>> 13);
}

function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 15);
}

/** Power-of-two slot count with load factor at most 1/2. */
function tableFor(keys: number): Int32Array {
  let size = 16;
  while (size < 2 * keys) size *= 2;
  return new Int32Array(size).fill(-1);
}

export interface DistinctColumn {
  values: Float64Array;
  /** Per row: position of the row's value in `values`. */
  index: Int32Array;
}

/** Distinct values of one column in order of first appearance, with each row's position among them. */
export function distinctColumn(values: Float64Array): DistinctColumn {
  const n = values.length;
  const table = tableFor(n);
  const mask = table.length - 1;
  const index = new Int32Array(n);
  const distinct = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]! + 0;
    let slot = finish(mix(0, v)) & mask;
    for (;;) {
      const id = table[slot]!;
      if (id === -1) {
        table[slot] = count;
        distinct[count] = v;
        index[i] = count++;
        break;
      }
      if (distinct[id] === v) {
        index[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { values: distinct.slice(0, count), index };
}

export interface RowGroups {
  /** Number of groups. */
  count: number;
  /** Per group: the first row that belongs to it. */
  first: Int32Array;
  /** Per row: its group, or -1 for a row left out. */
  groupOf: Int32Array;
}

/**
 * Groups rows with equal (a, b, c) (c omitted: pairs). Rows whose `include`
 * value is 0 are left out (groupOf -1), which is how zero weights drop rows.
 *
 * Each group's key is kept in a compact array next to the slot table, so a
 * probe reads one table entry and one key triple rather than the key back
 * from three input columns at a random row; the table grows with the number
 * of groups (load at most 1/2), so few groups stay within the CPU caches.
 */
export function groupRows(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array | null,
  include: Float64Array | null = null,
): RowGroups {
  const n = a.length;
  let table = tableFor(Math.min(n, 2048));
  let mask = table.length - 1;
  const groupOf = new Int32Array(n);
  let first = new Int32Array(Math.min(n, 1024));
  let keys = new Float64Array(3 * first.length);
  let hashes = new Int32Array(first.length);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (include !== null && include[i] === 0) {
      groupOf[i] = -1;
      continue;
    }
    const va = a[i]! + 0;
    const vb = b[i]! + 0;
    const vc = c === null ? 0 : c[i]! + 0;
    const h = finish(mix(mix(mix(0, va), vb), vc));
    let slot = h & mask;
    for (;;) {
      const id = table[slot]!;
      if (id === -1) break;
      const k = 3 * id;
      if (keys[k] === va && keys[k + 1] === vb && keys[k + 2] === vc) break;
      slot = (slot + 1) & mask;
    }
    const found = table[slot]!;
    if (found !== -1) {
      groupOf[i] = found;
      continue;
    }
    if (count === first.length) {
      const capacity = Math.min(n, 2 * count);
      const grownFirst = new Int32Array(capacity);
      grownFirst.set(first);
      first = grownFirst;
      const grownKeys = new Float64Array(3 * capacity);
      grownKeys.set(keys);
      keys = grownKeys;
      const grownHashes = new Int32Array(capacity);
      grownHashes.set(hashes);
      hashes = grownHashes;
    }
    if (2 * (count + 1) > table.length) {
      // re-insert every group from its stored hash into a table twice the size
      table = new Int32Array(2 * table.length).fill(-1);
      mask = table.length - 1;
      for (let g = 0; g < count; g++) {
        let to = hashes[g]! & mask;
        while (table[to] !== -1) to = (to + 1) & mask;
        table[to] = g;
      }
      slot = h & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
    }
    table[slot] = count;
    keys[3 * count] = va;
    keys[3 * count + 1] = vb;
    keys[3 * count + 2] = vc;
    hashes[count] = h;
    first[count] = i;
    groupOf[i] = count++;
  }
  return { count, first: first.slice(0, count), groupOf };
}
