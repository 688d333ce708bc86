import { test } from "node:test";
import assert from "node:assert/strict";
import { SlidingWindowLimiter, signinKey } from "@/lib/auth/rate-limiter";

test("blocks after max failures inside the window and reports when to retry", () => {
  let now = 1_000_000;
  const l = new SlidingWindowLimiter(3, 60_000, () => now);
  for (let i = 0; i < 3; i++) {
    assert.equal(l.check("k").allowed, true);
    l.recordFailure("k");
    now += 1000;
  }
  const d = l.check("k");
  assert.equal(d.allowed, false);
  assert.equal(d.allowed === false && d.retryAfterMs, 60_000 - 3000);
  assert.equal(l.check("other").allowed, true, "keys are independent");
});

test("the window slides: old failures expire one by one", () => {
  let now = 0;
  const l = new SlidingWindowLimiter(2, 10_000, () => now);
  l.recordFailure("k");
  now = 5_000;
  l.recordFailure("k");
  assert.equal(l.check("k").allowed, false);
  now = 10_001; // first failure has left the window
  assert.equal(l.check("k").allowed, true);
  l.recordFailure("k");
  assert.equal(l.check("k").allowed, false);
});

test("reset clears a key after a successful sign-in", () => {
  const l = new SlidingWindowLimiter(1, 10_000, () => 0);
  l.recordFailure("k");
  assert.equal(l.check("k").allowed, false);
  l.reset("k");
  assert.equal(l.check("k").allowed, true);
});

test("sign-in key normalises email case and whitespace but keeps the IP", () => {
  assert.equal(signinKey("  Admin@Factory.Local ", "10.0.0.1"), "admin@factory.local|10.0.0.1");
  assert.notEqual(signinKey("a@b.c", "10.0.0.1"), signinKey("a@b.c", "10.0.0.2"));
});

test("the sign-in throttle also caps one client across accounts and one account across clients", async () => {
  const { SigninThrottle, SIGNIN_MAX_PER_IP, SIGNIN_MAX_PER_ACCOUNT } = await import("@/lib/auth/rate-limiter");
  const t = new SigninThrottle(() => 0);
  for (let i = 0; i < SIGNIN_MAX_PER_IP; i++) t.recordFailure(`u${i}@x`, "1.1.1.1");
  assert.equal(t.check("fresh@x", "1.1.1.1").allowed, false, "spraying from one client");
  assert.equal(t.check("fresh@x", "2.2.2.2").allowed, true);
  for (let i = 0; i < SIGNIN_MAX_PER_ACCOUNT; i++) t.recordFailure("victim@x", `9.9.${i}.1`);
  assert.equal(t.check("victim@x", "3.3.3.3").allowed, false, "one account from many clients");
});
