import { inspect } from "node:util";

/**
 * A decrypted secret that does not print itself. Settings objects carrying
 * one can be logged, serialised into a job or an API answer by mistake and
 * still show only "[redacted]"; the value comes out only through `reveal()`,
 * at the one place that hands it to a transport.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return "[redacted]";
  }

  toString(): string {
    return "[redacted]";
  }

  [inspect.custom](): string {
    return "[redacted]";
  }
}
