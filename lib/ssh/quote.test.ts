import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { shQuote, shJoin } from "@/lib/ssh/quote";

// Every case is round-tripped through a real /bin/sh: `printf %s <quoted>` must print the value back.
function echoBack(value: string): string {
  return execFileSync("/bin/sh", ["-c", `printf %s ${shQuote(value)}`], { encoding: "utf8" });
}

const CASES = [
  "", "plain", "with space", "'", "''", "a'b", "'leading", "trailing'", "\"double\"", "$HOME", "${HOME}",
  "$(touch /tmp/ffloor-pwned)", "`touch /tmp/ffloor-pwned`", "a;b", "a&&b", "a||b", "a|b", "a>b", "a<b", "*", "?", "[a]",
  "~", "~root", "\\", "\\'", "line1\nline2", "tab\there", "\r\n", "-rf", "--", "../../etc/passwd", "!", "!!", "#comment",
  "{a,b}", "%s", "é ü 中文 🚀", "\u202e", " ", "   lead and trail   ", "x".repeat(20000), "a=b", "'$(id)'",
];

test("shQuote round-trips every hostile value through /bin/sh unchanged", () => {
  for (const v of CASES) assert.equal(echoBack(v), v, JSON.stringify(v).slice(0, 80));
});

test("shQuote wraps in single quotes and escapes embedded quotes", () => {
  assert.equal(shQuote("abc"), "'abc'");
  assert.equal(shQuote(""), "''");
  assert.equal(shQuote("a'b"), `'a'\\''b'`);
});

test("shQuote refuses NUL bytes", () => {
  assert.throws(() => shQuote("a\0b"), /NUL/);
  assert.throws(() => shQuote("\0"), /NUL/);
});

test("shQuote refuses non-strings", () => {
  assert.throws(() => shQuote(42 as unknown as string), /must be a string/);
});

test("shQuote keeps random byte strings literal", () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 200; i++) {
    const len = Math.floor(rnd() * 40);
    let s = "";
    for (let j = 0; j < len; j++) s += String.fromCharCode(1 + Math.floor(rnd() * 126));
    assert.equal(echoBack(s), s, JSON.stringify(s));
  }
});

test("shJoin quotes each argument separately", () => {
  const out = execFileSync("/bin/sh", ["-c", `for a in ${shJoin(["a b", "$x", "c'd"])}; do printf '[%s]' "$a"; done`], { encoding: "utf8" });
  assert.equal(out, "[a b][$x][c'd]");
});
