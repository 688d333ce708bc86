import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDuration } from "./parse-duration";

// The regex the hand-written fast path must agree with (the full grammar).
const RE = /^\s*(?:(-?\d+) days?, )?(\d+):([0-5]\d):([0-5]\d)(?:\.(\d+))?\s*$/;
function reference(t: string): number | null {
  const m = RE.exec(t);
  if (!m) return null;
  return (m[1] ? Number(m[1]) : 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) + (m[5] ? Number(`0.${m[5]}`) : 0);
}

test("timedelta strings: days, hours past 24, fractions", () => {
  assert.equal(parseDuration("0:01:23"), 83);
  assert.equal(parseDuration("12:05:09"), 43509);
  assert.equal(parseDuration("1 day, 2:03:04"), 93784);
  assert.equal(parseDuration("2 days, 0:00:01"), 172801);
  assert.equal(parseDuration("-1 day, 23:59:59"), -1);
  assert.equal(parseDuration("0:00:01.500000"), 1.5);
  assert.equal(parseDuration("0:60:00"), null);
  assert.equal(parseDuration("1:5:00"), null);
  assert.equal(parseDuration("soon"), null);
});

test("the H:MM:SS fast path agrees with the full grammar on every 7- and 8-character near miss", () => {
  const alphabet = ["0", "1", "5", "6", "9", ":", " ", "-", "a", "."];
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const cases = ["0:00:00", "9:59:59", "10:00:00", "99:59:59", " 1:00:00", "1:00:00 ", "-1:00:00", "1:0a:00", "1::00:00"];
  for (let i = 0; i < 20000; i++) {
    const base = rnd(2) === 0 ? "7:35:12" : "23:59:08";
    const chars = base.split("");
    for (let k = rnd(3); k >= 0; k--) chars[rnd(chars.length)] = alphabet[rnd(alphabet.length)]!;
    cases.push(chars.join(""));
  }
  for (const c of cases) assert.equal(parseDuration(c), reference(c), JSON.stringify(c));
});
