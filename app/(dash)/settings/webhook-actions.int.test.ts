// The webhook server actions as a browser reaches them: operators are refused (and the refusal is
// audited), an admin's every change is audited, the secret comes back once and is sealed at rest, and
// a non-http URL is refused by field name.
import "@/app/api/v1/testing/als-global";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, createHash } from "node:crypto";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupApiFixture, type TApiFixture } from "@/app/api/v1/testing/api-fixtures";
import { inActionScope } from "@/app/api/v1/testing/request-scope";
import { openWebhookSecret } from "@/lib/webhooks/secret";
import { createServer, type Server } from "node:http";
import { createWebhookAction, deleteWebhookAction, redeliverWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookEnabledAction } from "@/app/(dash)/settings/webhook-actions";
import { verifyWebhookSignature } from "@/lib/webhooks/webhook-signature";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { setAllowPrivateWebhookTargets } from "@/lib/settings/app-settings";

let fx: TApiFixture;
const cookie: Record<string, string> = {};
before(async () => {
  fx = await setupApiFixture();
  for (const role of ["OPERATOR", "ADMIN"] as const) {
    const token = randomBytes(32).toString("base64url");
    await prisma.session.create({ data: { tokenHash: createHash("sha256").update(token).digest("hex"), userId: fx.users[role].id, expiresAt: new Date(Date.now() + 3_600_000) } });
    cookie[role] = `ff_session=${token}`;
  }
  // The receivers below are on loopback: this install's admin has allowed private webhook targets.
  await setAllowPrivateWebhookTargets({ actorId: null, allow: true });
});
after(async () => {
  await setAllowPrivateWebhookTargets({ actorId: null, allow: false });
  await prisma.webhook.deleteMany({ where: { name: { startsWith: fx.tag } } });
  await prisma.session.deleteMany({ where: { userId: { in: [fx.users.OPERATOR.id, fx.users.ADMIN.id] } } });
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const as = <T>(role: "OPERATOR" | "ADMIN", fn: () => Promise<T>) => inActionScope({ cookie: cookie[role]! }, fn);

test("an operator is refused every webhook action, and each refusal is in the audit log", async () => {
  const input = { name: `${fx.tag}-op`, url: "https://h.example/x", events: ["RULE_FIRED" as const] };
  const results = [
    await as("OPERATOR", () => createWebhookAction(input)),
    await as("OPERATOR", () => setWebhookEnabledAction({ webhookId: "w1", enabled: false })),
    await as("OPERATOR", () => deleteWebhookAction({ webhookId: "w1" })),
    await as("OPERATOR", () => sendTestWebhookAction({ webhookId: "w1" })),
  ];
  for (const r of results) assert.deepEqual([r.ok, !r.ok && r.error.code], [false, "forbidden"]);
  assert.equal(await prisma.webhook.count({ where: { name: input.name } }), 0);
  const refusals = await prisma.auditEvent.findMany({ where: { actorId: fx.users.OPERATOR.id, ok: false }, select: { action: true } });
  assert.deepEqual(refusals.map((a) => a.action).sort(), ["webhook.create", "webhook.delete", "webhook.enable", "webhook.test"]);
});

test("an admin adds, tests, disables and deletes; each step audited; the secret is shown once and sealed", async () => {
  const bad = await as("ADMIN", () => createWebhookAction({ name: `${fx.tag}-bad`, url: "ftp://h.example/x", events: ["RULE_FIRED"] }));
  assert.deepEqual(bad.ok ? null : [bad.error.code, bad.error.field], ["invalid", "url"]);
  // Without the setting, a loopback (or metadata) URL is refused at input, naming the field and the setting.
  await setAllowPrivateWebhookTargets({ actorId: null, allow: false });
  for (const url of ["http://127.0.0.1:9/nowhere", "http://169.254.169.254/latest", "http://[::1]:9/x", "http://2130706433/"]) {
    const priv = await as("ADMIN", () => createWebhookAction({ name: `${fx.tag}-priv`, url, events: ["RULE_FIRED"] }));
    assert.deepEqual(priv.ok ? null : [priv.error.code, priv.error.field], ["invalid", "url"], url);
    assert.match(priv.ok ? "" : priv.error.message, /private.*Settings/);
  }
  await setAllowPrivateWebhookTargets({ actorId: null, allow: true });

  const made = await as("ADMIN", () => createWebhookAction({ name: `${fx.tag}-ok`, url: "http://127.0.0.1:9/nowhere", events: ["RULE_FIRED", "RUN_STATUS_CHANGED"] }));
  assert.ok(made.ok);
  const { id, secret } = made.data;
  assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
  const row = await prisma.webhook.findUniqueOrThrow({ where: { id } });
  assert.ok(!row.secretEnc.includes(secret), "not stored in clear");
  assert.equal(openWebhookSecret(row.secretEnc), secret);
  assert.equal(row.createdById, fx.users.ADMIN.id);

  const t = await as("ADMIN", () => sendTestWebhookAction({ webhookId: id }));
  assert.ok(t.ok);
  const d = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: t.data.deliveryId } });
  assert.deepEqual([d.eventType, d.status, (d.payload as { type: string }).type], ["TEST", "PENDING", "test"]);

  assert.ok((await as("ADMIN", () => setWebhookEnabledAction({ webhookId: id, enabled: false }))).ok);
  // Disabling settles what was still pending: a paused endpoint gets nothing later.
  assert.equal((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).status, "FAILED");
  const refusedTest = await as("ADMIN", () => sendTestWebhookAction({ webhookId: id }));
  assert.deepEqual(refusedTest.ok ? null : refusedTest.error.code, "conflict");

  assert.ok((await as("ADMIN", () => deleteWebhookAction({ webhookId: id }))).ok);
  assert.equal(await prisma.webhook.count({ where: { id } }), 0);
  assert.equal(await prisma.webhookDelivery.count({ where: { webhookId: id } }), 0);
  const missing = await as("ADMIN", () => deleteWebhookAction({ webhookId: id }));
  assert.deepEqual(missing.ok ? null : missing.error.code, "not_found");

  const audit = await prisma.auditEvent.findMany({ where: { actorId: fx.users.ADMIN.id, targetId: id }, orderBy: { id: "asc" }, select: { action: true, ok: true, data: true } });
  assert.deepEqual(audit.map((a) => `${a.action}:${a.ok}`), ["webhook.create:true", "webhook.test:true", "webhook.disable:true", "webhook.delete:true"]);
  assert.ok(!JSON.stringify(audit).includes(secret), "the secret is not in the audit log");
});

test("an admin rotates the secret and sends a failed delivery again: it arrives once, signed with the new secret; refused while retrying, delivered or disabled", async () => {
  const got: { id: string; body: string; sig: string }[] = [];
  const server: Server = createServer((req, res) => {
    let b = "";
    req.on("data", (c) => (b += c)).on("end", () => {
      got.push({ id: String(req.headers["x-ff-delivery"]), body: b, sig: String(req.headers["x-ff-signature"]) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    const made = await as("ADMIN", () => createWebhookAction({ name: `${fx.tag}-again`, url, events: ["RULE_FIRED"] }));
    assert.ok(made.ok);
    const webhookId = made.data.id;
    const t = await as("ADMIN", () => sendTestWebhookAction({ webhookId }));
    assert.ok(t.ok);
    const id = t.data.deliveryId;
    const retrying = await as("ADMIN", () => redeliverWebhookAction({ deliveryId: id }));
    assert.deepEqual(retrying.ok ? null : [retrying.error.code, retrying.error.message], ["conflict", "This delivery is still being retried."]);
    // What the dispatcher leaves after the last of its attempts against a receiver that was down.
    await prisma.webhookDelivery.update({ where: { id }, data: { status: "FAILED", attempts: 8, lastStatusCode: 503, lastError: "HTTP 503: down" } });

    const op = await as("OPERATOR", () => redeliverWebhookAction({ deliveryId: id }));
    assert.deepEqual(op.ok ? null : op.error.code, "forbidden");
    // The receiver was down because its secret leaked: rotate, then send again with the new one.
    assert.deepEqual((await as("OPERATOR", () => rotateWebhookSecretAction({ webhookId }))).ok, false);
    const rotated = await as("ADMIN", () => rotateWebhookSecretAction({ webhookId }));
    assert.ok(rotated.ok);
    assert.match(rotated.data.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(rotated.data.secret, made.data.secret);
    assert.ok((await as("ADMIN", () => redeliverWebhookAction({ deliveryId: id }))).ok);
    const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    assert.deepEqual([row.status, row.attempts, row.lastError], ["PENDING", 0, null]);

    const r = await deliverWebhook({ deliveryId: id, jobAttemptsMade: 0, jobAttempts: 8, backoffMs: 1000 });
    assert.equal(r.outcome, "delivered");
    assert.deepEqual(got.map((g) => g.id), [id], "the same delivery id, once");
    assert.equal(JSON.parse(got[0]!.body).type, "test");
    assert.equal(verifyWebhookSignature({ secret: rotated.data.secret, body: got[0]!.body, header: got[0]!.sig }), true, "signed with the new secret");
    assert.equal(verifyWebhookSignature({ secret: made.data.secret, body: got[0]!.body, header: got[0]!.sig }), false, "not with the old one");
    const done = await as("ADMIN", () => redeliverWebhookAction({ deliveryId: id }));
    assert.deepEqual(done.ok ? null : done.error.message, "This delivery already arrived.");

    await prisma.webhookDelivery.update({ where: { id }, data: { status: "FAILED" } });
    assert.ok((await as("ADMIN", () => setWebhookEnabledAction({ webhookId, enabled: false }))).ok);
    const off = await as("ADMIN", () => redeliverWebhookAction({ deliveryId: id }));
    assert.deepEqual(off.ok ? null : off.error.code, "conflict");
    const missing = await as("ADMIN", () => redeliverWebhookAction({ deliveryId: "nope" }));
    assert.deepEqual(missing.ok ? null : [missing.error.code, missing.error.field], ["not_found", "deliveryId"]);

    const audit = await prisma.auditEvent.findMany({ where: { action: "webhook.redeliver" }, select: { actorId: true, ok: true } });
    assert.ok(audit.some((a) => a.actorId === fx.users.ADMIN.id && a.ok), "the redelivery is audited");
    assert.ok(audit.some((a) => a.actorId === fx.users.OPERATOR.id && !a.ok), "the refusal is audited");
    assert.equal(await prisma.auditEvent.count({ where: { action: "webhook.rotate", targetId: webhookId, ok: true } }), 1);
  } finally {
    server.close();
  }
});
