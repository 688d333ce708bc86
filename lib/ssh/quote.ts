// The one function that puts a value on a remote shell command line. POSIX single quotes make every
// byte literal (no $, `, \, glob or newline meaning); an embedded ' is closed, escaped, reopened.
// NUL cannot be passed through argv at all, so it is refused instead of silently truncating.
export function shQuote(value: string): string {
  if (typeof value !== "string") throw new TypeError("shQuote: value must be a string");
  if (value.includes("\0")) throw new Error("shQuote: value contains a NUL byte, which cannot be passed to a shell");
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each value and joins them with spaces, for argv-like lists. */
export function shJoin(values: readonly string[]): string {
  return values.map(shQuote).join(" ");
}
