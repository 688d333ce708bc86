// Sign-in throttling and hashing against the real database, through the real server action
// (issue 16 #3, #4): a client-chosen X-Forwarded-For must not buy fresh attempts, spraying one
// password over many emails is limited per client, a throttled attempt costs no hash, the client IP
// recorded on sessions is the socket peer, and 40 parallel wrong sign-ins leave the event loop free.
import "@/app/api/v1/testing/als-global";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { prisma } from "@/lib/db";
import { signIn } from "@/lib/auth/actions";
import { inActionScope } from "@/app/api/v1/testing/request-scope";

const tag = `thr${randomBytes(4).toString("hex")}`;
const PASSWORD = "correct horse battery";
let legacyEmail = "";

before(async () => {
  // A bcrypt hash as every existing install has them (cost 12, bcryptjs): it must keep working.
  legacyEmail = `${tag}-legacy@test.local`;
  await prisma.user.create({ data: { email: legacyEmail, name: "legacy", role: "VIEWER", passwordHash: await bcrypt.hash(PASSWORD, 12) } });
  for (let i = 0; i < 20; i++) {
    await prisma.user.create({ data: { email: `${tag}-b${i}@test.local`, name: `b${i}`, role: "VIEWER", passwordHash: await bcrypt.hash(PASSWORD, 10) } });
  }
});
after(async () => {
  await prisma.user.deleteMany({ where: { email: { startsWith: tag } } });
  await prisma.$disconnect();
});

function form(email: string, password: string): FormData {
  const f = new FormData();
  f.set("email", email);
  f.set("password", password);
  f.set("next", "/runs");
  return f;
}
async function attempt(email: string, password: string, peer: string, xff?: string): Promise<{ error?: string; redirected?: string }> {
  try {
    return await inActionScope({ headers: { "x-ff-peer": peer, ...(xff ? { "x-forwarded-for": xff } : {}) } }, () => signIn({}, form(email, password)));
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { redirected: digest.split(";")[2] };
    throw e;
  }
}
const resetLimiter = () => ((globalThis as { ffSigninLimiter?: unknown }).ffSigninLimiter = undefined, (globalThis as { ffSigninThrottle?: unknown }).ffSigninThrottle = undefined);

test("a client-chosen X-Forwarded-For does not buy fresh attempts at one account", async () => {
  resetLimiter();
  let blockedAt = -1;
  for (let i = 0; i < 12; i++) {
    const r = await attempt(legacyEmail, "wrong", "198.51.100.10", `203.0.113.${i}`);
    if (r.error?.startsWith("Too many")) { blockedAt = i; break; }
    assert.equal(r.error, "Wrong email or password.");
  }
  assert.ok(blockedAt > 0 && blockedAt <= 10, `blocked at attempt ${blockedAt}`);
  // Blocked means blocked: the right password is not even checked, and no hash is computed.
  const t0 = performance.now();
  const r = await attempt(legacyEmail, PASSWORD, "198.51.100.10", "203.0.113.250");
  assert.match(r.error ?? "", /^Too many failed attempts/);
  assert.ok(performance.now() - t0 < 60, `a throttled attempt took ${Math.round(performance.now() - t0)} ms (hashed?)`);
});

test("password spraying over many emails from one client is limited", async () => {
  resetLimiter();
  let blockedAt = -1;
  for (let i = 0; i < 60; i++) {
    const r = await attempt(`${tag}-spray${i}@test.local`, "Winter2026!", "198.51.100.11", `192.0.2.${i}`);
    if (r.error?.startsWith("Too many")) { blockedAt = i; break; }
  }
  assert.ok(blockedAt > 0 && blockedAt <= 40, `spraying blocked at attempt ${blockedAt}`);
  // Another client is unaffected.
  assert.equal((await attempt(`${tag}-spray0@test.local`, "x", "198.51.100.12")).error, "Wrong email or password.");
});

test("sessions record the socket peer, not the client's claim; a bcrypt hash is upgraded on sign-in", async () => {
  resetLimiter();
  const r = await attempt(legacyEmail, PASSWORD, "198.51.100.13", "6.6.6.6");
  assert.equal(r.redirected, "/runs");
  const u = await prisma.user.findUniqueOrThrow({ where: { email: legacyEmail }, select: { id: true, passwordHash: true } });
  const s = await prisma.session.findFirstOrThrow({ where: { userId: u.id }, orderBy: { createdAt: "desc" } });
  assert.equal(s.ip, "198.51.100.13");
  assert.match(u.passwordHash, /^scrypt\$/, "rehashed off bcrypt");
  resetLimiter();
  assert.equal((await attempt(legacyEmail, PASSWORD, "198.51.100.13")).redirected, "/runs", "the upgraded hash verifies");
  assert.equal((await attempt(legacyEmail, "nope", "198.51.100.13")).error, "Wrong email or password.");
});

test("40 parallel wrong sign-ins leave the event loop responsive", async () => {
  resetLimiter();
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; }, 10);
  const t0 = performance.now();
  // Half known accounts with (legacy) bcrypt hashes, half unknown emails; each from its own client.
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    attempt(i < 20 ? `${tag}-b${i}@test.local` : `${tag}-nobody${i}@test.local`, "wrong-password", `198.51.101.${i}`)));
  clearInterval(timer);
  const wall = performance.now() - t0;
  assert.ok(results.every((r) => r.error === "Wrong email or password."), JSON.stringify(results.find((r) => r.error !== "Wrong email or password.")));
  assert.ok(maxGap < 250, `the event loop stalled for ${Math.round(maxGap)} ms during 40 sign-ins (${Math.round(wall)} ms in all)`);
});
