import fc from "fast-check";

/**
 * Inputs a careless or hostile client sends: numbers at and past the limits
 * of int4, int8 and doubles, NUL and unpaired surrogates, very long strings,
 * deep nesting, and values of the wrong type.
 */
export const edgeNumbers = [
  0, -0, -1, 1, 0.5, -0.5, 1e-7, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 123456789.123456789,
];

const edgeStrings = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "%00",
  "%",
  "%zz",
  "../../etc/passwd",
  "'; DROP TABLE customer; --",
  "$undefined",
  "$@1",
  "NaN",
  "Infinity",
  "-1",
  "1e400",
  "2147483648",
  "9223372036854775808",
  "99999999999999999999999",
  "0x10",
  "1.5",
  "１２３",
  "\u202e\u0301",
  "\n\r\t",
  "<script>alert(1)</script>",
  "null",
  "[]",
  "{}",
  "__proto__",
  "constructor",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udc00", "a", "é", "😀"), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => "x".repeat(n)) },
  { weight: 2, arbitrary: fc.constantFrom(...edgeNumbers).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...edgeNumbers),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

/** Any JSON value, shallow or nested, with hostile leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileString, scalar, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 8 }) },
  // Deep nesting: arrays or objects far past any sane depth (but within what JSON.stringify can write here).
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 1_500 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 1_500 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + "1" + "}".repeat(depth)) as unknown) },
);

/** Every path inside a JSON value, so one leaf can be replaced. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value !== null && typeof value === "object") return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
  return [prefix];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/** A valid body with one value (or one whole object) swapped for a hostile one, or an unrelated hostile body. */
export function hostileBody(template: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(template);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...paths), hostileJson).map(([path, v]) => replaceAt(template, path, v)) },
    { weight: 1, arbitrary: hostileJson },
  );
}

/** Raw body text: mostly JSON of a hostile value, sometimes text that is not JSON at all. */
export function hostileBodyText(template: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileBody(template).map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "[1,", "{\"a\":}", "\u0000", "\ufeff{}", "nul", "1".repeat(400), "{\"a\":1}{\"b\":2}") },
  );
}

/** A path or query value: a hostile string, or an id-like number at and past the limits. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s !== "." && s !== "..") },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "1.5", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "1e3", " 1", "1 ", "01") },
);
