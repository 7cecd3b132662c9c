/**
 * Where JSON text first goes wrong, and what was expected there. JSON.parse
 * says whether text is JSON, but its messages do not always carry a position;
 * this strict RFC 8259 scanner finds the offset so a payload's fault can be
 * traced back to a line and column of its template.
 */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class Fault extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

function shown(ch: string | undefined): string {
  if (ch === undefined) return "the end of the text";
  if (ch === "\n") return "a line break";
  return JSON.stringify(ch);
}

export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const expect = (what: string): never => {
    throw new Fault(i, `expected ${what} but found ${shown(text[i])}`);
  };

  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new Fault(i, "a string is not closed (missing \")");
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < " ") throw new Fault(i, `${ch === "\n" ? "a line break" : "a control character"} inside a string must be escaped`);
      if (ch === "\\") {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new Fault(i, "invalid escape in a string");
        continue;
      }
      i++;
    }
  };

  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) expect("a value");
    i += match![0].length;
  };

  const literal = () => {
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    expect("a value");
  };

  const value = (depth: number): void => {
    if (depth > 200) throw new Fault(i, "nested too deeply");
    skip();
    const ch = text[i];
    if (ch === "{") {
      i++;
      skip();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') expect("a property name in double quotes");
        string();
        skip();
        if (text[i] !== ":") expect('":"');
        i++;
        value(depth + 1);
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        expect('"," or "}"');
      }
    }
    if (ch === "[") {
      i++;
      skip();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        expect('"," or "]"');
      }
    }
    if (ch === '"') return string();
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    literal();
  };

  try {
    value(0);
    skip();
    if (i < text.length) expect("nothing more after the JSON value");
    return null;
  } catch (err) {
    if (err instanceof Fault) return { offset: err.offset, message: err.message };
    throw err;
  }
}
