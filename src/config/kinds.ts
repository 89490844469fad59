/**
 * The value kinds a setting can have: each turns the variable's text into a typed value or says what was wrong.
 * An unset or blank variable never reaches a kind; it takes the setting's default.
 */

/** Turns a variable's (trimmed, non-empty) text into a value; throws `Error(expected)` for anything else. */
export interface Kind<T> {
  /** What a valid value looks like, e.g. "1 or 0"; the error message quotes it. */
  expected: string;
  parse(raw: string): T;
}

class BadValue extends Error {}

/** On/off: 1 or 0. */
export const onOff: Kind<boolean> = {
  expected: "1 or 0",
  parse(raw) {
    if (raw === "1") return true;
    if (raw === "0") return false;
    throw new BadValue();
  },
};

/** A whole number (a seed). */
export const integer: Kind<number> = {
  expected: "an integer such as 42",
  parse(raw) {
    const x = Number(raw);
    if (!Number.isSafeInteger(x)) throw new BadValue();
    return x;
  },
};

/** A number above zero (megabytes, seconds). */
export const positiveNumber: Kind<number> = {
  expected: "a number above 0 such as 300",
  parse(raw) {
    const x = Number(raw);
    if (!Number.isFinite(x) || x <= 0) throw new BadValue();
    return x;
  },
};

/** Free text (a token). */
export const text: Kind<string> = { expected: "any text", parse: (raw) => raw };

/** A file or folder path, kept as written (callers resolve it against their own working folder). */
export const filePath: Kind<string> = { expected: "a file or folder path", parse: (raw) => raw };

/** One of a few words, compared without case. */
export function oneOf<const W extends string>(...words: W[]): Kind<W> {
  return {
    expected: words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`,
    parse(raw) {
      const w = words.find((x) => x === raw.toLowerCase());
      if (w === undefined) throw new BadValue();
      return w;
    },
  };
}

/** Reads `raw` with `kind`; a bad value becomes an error that names the variable and how to fix it. */
export function readKind<T>(name: string, kind: Kind<T>, raw: string): T {
  try {
    return kind.parse(raw);
  } catch (err) {
    if (!(err instanceof BadValue)) throw err;
    throw new Error(`${name} must be ${kind.expected}; got "${raw}". Unset it or set it to ${kind.expected}.`);
  }
}
