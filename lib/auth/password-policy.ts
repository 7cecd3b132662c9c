import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * What a password must be, wherever one is set (a new member's initial
 * password, a password change). Length alone let "aaaaaaaaaaaa" through; these
 * rules refuse what guessing tools try first: the most common passwords
 * (zxcvbn's list of ~49k, with digits or symbols tacked on), one character
 * repeated, a short pattern repeated, simple runs such as "123456789012" or
 * "abcdefghijkl", and the account's own email. Each refusal says why.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

let commonPasswords: Set<string> | undefined;

function isCommon(candidate: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return commonPasswords.has(candidate);
}

/** The smallest period p such that the text is its first p characters repeated (p = length when none). */
function smallestPeriod(chars: readonly string[]): number {
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((c, i) => c === chars[i % period])) return period;
  }
  return chars.length;
}

// Digits wrap ("...7890123"); letters and keyboard rows read either way.
const SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedcrfvtgbyhnujmikolp"];

function stepOf(a: string, b: string): number | null {
  for (const sequence of SEQUENCES) {
    const i = sequence.indexOf(a);
    const j = sequence.indexOf(b);
    if (i < 0 || j < 0) continue;
    const n = sequence.length;
    if ((i + 1) % n === j) return 1;
    if ((j + 1) % n === i) return -1;
  }
  return a === b ? 0 : null;
}

/**
 * True when the text is at most two runs, each a steady walk along the digits,
 * the alphabet or a keyboard row (or one character held down):
 * "123456789012", "abcdefghijkl", "zyxwvu987654", "qwertyuiop12".
 */
function isSimpleSequence(chars: readonly string[]): boolean {
  let runs = 1;
  let step: number | null | undefined;
  for (let i = 1; i < chars.length; i++) {
    const next = stepOf(chars[i - 1]!, chars[i]!);
    if (next !== null && (step === undefined || next === step)) {
      step = next;
      continue;
    }
    runs++;
    if (runs > 2) return false;
    step = undefined;
  }
  return true;
}

/** Why this password is refused, or null when it may be used. `email` is the account's. */
export function passwordProblem(password: string, email?: string): string | null {
  const chars = Array.from(password);
  if (chars.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const lowerChars = Array.from(lower);

  if (email) {
    const address = email.trim().toLowerCase();
    const localPart = address.split("@")[0] ?? "";
    if (lower.includes(address) || (localPart.length >= 4 ? lower.includes(localPart) : lower === localPart)) {
      return "Do not use your email address (or the part before the @) in your password.";
    }
  }
  if (isCommon(lower)) return "This is one of the most common passwords, the first ones an attacker tries. Choose another.";
  // "Password2024!" is "password" with the usual additions: just as easy to guess.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if (core.length >= 4 && core !== lower && isCommon(core)) {
    return "A common password with digits or symbols added is still easy to guess. Choose another.";
  }
  const period = smallestPeriod(lowerChars);
  if (period === 1) return "One character repeated is easy to guess. Choose another.";
  if (period < lowerChars.length) return "A short pattern repeated (like abcabcabc) is easy to guess. Choose another.";
  if (isSimpleSequence(lowerChars)) return "A simple sequence (like 123456789012 or abcdefghijkl) is easy to guess. Choose another.";
  return null;
}
