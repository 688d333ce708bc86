// Issue 16 #7 against the real database: disabling or deleting a user ends their sessions and revokes
// their API tokens at once (audited); the last admin cannot be removed; users change their own
// password; invite passwords expire and must be replaced at first sign-in.
import "@/app/api/v1/testing/als-global";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { hashSessionToken } from "@/lib/auth/session-token";
import { userForApiToken, userForSessionToken } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { signIn } from "@/lib/auth/actions";
import { hashApiToken, newApiToken } from "@/lib/tokens/token-format";
import { inviteUser } from "@/lib/users/invite-user";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { deleteUser } from "@/lib/users/delete-user";
import { changePassword } from "@/lib/users/change-password";
import { inActionScope } from "@/app/api/v1/testing/request-scope";

const tag = `off${randomBytes(4).toString("hex")}`;
let adminId = "";

async function userWithCredentials(role: "VIEWER" | "OPERATOR" | "ADMIN", password = "a-long-password-1") {
  const u = await prisma.user.create({ data: { email: `${tag}-${randomBytes(3).toString("hex")}@test.local`, name: "u", role, passwordHash: await hashPassword(password) } });
  const session = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { tokenHash: hashSessionToken(session), userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  const token = newApiToken();
  await prisma.apiToken.create({ data: { userId: u.id, name: "ci", tokenHash: hashApiToken(token) } });
  return { ...u, session, token, password };
}
async function attempt(email: string, password: string): Promise<{ error?: string; redirected?: string }> {
  (globalThis as { ffSigninThrottle?: unknown }).ffSigninThrottle = undefined;
  try {
    const f = new FormData();
    f.set("email", email); f.set("password", password); f.set("next", "/runs");
    return await inActionScope({ headers: { "x-ff-peer": "198.51.100.30" } }, () => signIn({}, f));
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { redirected: decodeURIComponent(digest.split(";")[2] ?? "") };
    throw e;
  }
}

before(async () => { adminId = (await userWithCredentials("ADMIN")).id; });
after(async () => {
  await prisma.auditEvent.deleteMany({ where: { actorId: adminId } });
  await prisma.user.deleteMany({ where: { email: { startsWith: tag } } });
  await prisma.$disconnect();
});

test("disabling a user ends their sessions and revokes their tokens at once; sign-in is refused; audited", async () => {
  const u = await userWithCredentials("OPERATOR");
  assert.ok(await userForSessionToken(u.session));
  assert.ok(await userForApiToken(u.token));
  await setUserDisabled({ actorId: adminId, userId: u.id, disabled: true }, { ip: "198.51.100.1", userAgent: "t" });
  assert.equal(await userForSessionToken(u.session), null);
  assert.equal(await userForApiToken(u.token), null);
  assert.equal(await prisma.session.count({ where: { userId: u.id } }), 0);
  assert.equal(await prisma.apiToken.count({ where: { userId: u.id, revokedAt: null } }), 0);
  assert.match((await attempt(u.email, u.password)).error ?? "", /disabled/i);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "user.disable", targetId: u.id } });
  assert.equal(audit.actorId, adminId);
  // Re-enabling lets them sign in again but does not bring revoked tokens back.
  await setUserDisabled({ actorId: adminId, userId: u.id, disabled: false });
  assert.equal((await attempt(u.email, u.password)).redirected, "/runs");
  assert.equal(await userForApiToken(u.token), null);
});

test("deleting a user removes their sessions and tokens; their runs and audit trail stay", async () => {
  const u = await userWithCredentials("VIEWER");
  await deleteUser({ actorId: adminId, userId: u.id });
  assert.equal(await userForSessionToken(u.session), null);
  assert.equal(await userForApiToken(u.token), null);
  assert.equal(await prisma.user.count({ where: { id: u.id } }), 0);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "user.delete", targetId: u.id } });
  assert.equal((audit.data as { email: string }).email, u.email);
});

test("an admin cannot disable or delete themself, nor the last active admin", async () => {
  await assert.rejects(setUserDisabled({ actorId: adminId, userId: adminId, disabled: true }), /yourself/);
  await assert.rejects(deleteUser({ actorId: adminId, userId: adminId }), /yourself/);
  const admins = await prisma.user.findMany({ where: { role: "ADMIN", disabledAt: null, id: { not: adminId } }, select: { id: true } });
  await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { role: "OPERATOR" } });
  try {
    const other = await userWithCredentials("OPERATOR");
    await assert.rejects(deleteUser({ actorId: other.id, userId: adminId }), /last admin/);
  } finally {
    await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { role: "ADMIN" } });
  }
});

test("changing your password needs the current one, ends your other sessions and is audited", async () => {
  const u = await userWithCredentials("VIEWER");
  const keep = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { tokenHash: hashSessionToken(keep), userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  await assert.rejects(changePassword({ userId: u.id, current: "wrong", next: "a-brand-new-password", keepSessionToken: keep }), /current password/i);
  await assert.rejects(changePassword({ userId: u.id, current: u.password, next: "short", keepSessionToken: keep }), /at least 10/);
  await changePassword({ userId: u.id, current: u.password, next: "a-brand-new-password", keepSessionToken: keep });
  assert.ok(await userForSessionToken(keep), "the session that changed it stays");
  assert.equal(await userForSessionToken(u.session), null, "other sessions end");
  assert.equal((await attempt(u.email, u.password)).error, "Wrong email or password.");
  assert.equal((await attempt(u.email, "a-brand-new-password")).redirected, "/runs");
  assert.ok(await prisma.auditEvent.findFirst({ where: { action: "user.password", targetId: u.id } }));
});

test("an invite password must be changed at first sign-in and stops working when it expires", async () => {
  const inv = await inviteUser({ actorId: adminId, email: `${tag}-new@test.local`, name: "New", role: "VIEWER" });
  const row = await prisma.user.findUniqueOrThrow({ where: { id: inv.id } });
  assert.equal(row.mustChangePassword, true);
  assert.ok(row.passwordExpiresAt && row.passwordExpiresAt.getTime() > Date.now());
  const first = await attempt(inv.email, inv.temporaryPassword);
  assert.match(first.redirected ?? "", /^\/account\?.*next=\/runs/, JSON.stringify(first));
  await prisma.user.update({ where: { id: inv.id }, data: { passwordExpiresAt: new Date(Date.now() - 1000) } });
  assert.match((await attempt(inv.email, inv.temporaryPassword)).error ?? "", /expired/i);
  // Changing it clears both flags.
  await prisma.user.update({ where: { id: inv.id }, data: { passwordExpiresAt: new Date(Date.now() + 60_000) } });
  await changePassword({ userId: inv.id, current: inv.temporaryPassword, next: "my-own-password-42" });
  const after = await prisma.user.findUniqueOrThrow({ where: { id: inv.id } });
  assert.deepEqual([after.mustChangePassword, after.passwordExpiresAt], [false, null]);
});
