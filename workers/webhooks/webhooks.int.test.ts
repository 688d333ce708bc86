// Webhooks end to end against real Postgres, Redis and a loopback HTTP receiver: run events written
// by the real code paths (create → cancel, rule alerts) come out as signed POSTs; a receiver that
// answers 500 twice gets the third attempt after the backoff; a disabled endpoint gets nothing; and
// the dispatcher process, SIGKILLed again and again while events are written concurrently, neither
// loses a delivery nor makes one twice.
process.env.WEBHOOK_BACKOFF_MS ??= "600"; // read lazily by lib/env; production keeps 10 s
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Worker } from "bullmq";
import pg from "pg";
import { prisma } from "@/lib/db";
import { QueueName } from "@/lib/queue/contracts";
import { createWorkerConnection, queuePrefix } from "@/lib/queue/connection";
import { closeQueues } from "@/lib/queue/enqueue";
import { createRun } from "@/lib/runs/create-run";
import { requestStop } from "@/lib/runs/request-stop";
import { recordRuleOutcome } from "@/lib/runs/ingest-rule-outcome";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { setAllowPrivateWebhookTargets } from "@/lib/settings/app-settings";
import { setWebhookEnabled } from "@/lib/webhooks/set-webhook-enabled";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { NO_RESPONSE } from "@/lib/webhooks/post-webhook";
import { verifyWebhookSignature } from "@/lib/webhooks/webhook-signature";
import { fanOutRunEvents, newFanOutState } from "@/lib/webhooks/fan-out-run-events";
import { processWebhookDelivery } from "@/workers/queues/webhook-delivery";
import { startWebhookDispatcher } from "@/workers/webhooks/start-dispatcher";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tag = `whk${randomBytes(4).toString("hex")}`;

type TReceived = { path: string; at: number; event: string; delivery: string; signature: string; body: string; json: any };
const received: TReceived[] = [];
/** status to answer with, per request; default 200 */
let answer: (r: TReceived, seenBefore: number) => number = () => 200;
let server: Server;
let base = "";
let userId = "";
let hostId = "";
let fixture: TRunFixture | undefined;
let presetVersionId = "";

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const r: TReceived = { path: req.url ?? "", at: Date.now(), event: String(req.headers["x-ff-event"]), delivery: String(req.headers["x-ff-delivery"]),
        signature: String(req.headers["x-ff-signature"]), body, json: JSON.parse(body) };
      const seenBefore = received.filter((x) => x.delivery === r.delivery).length;
      received.push(r);
      const status = answer(r, seenBefore);
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  userId = (await prisma.user.create({ data: { email: `${tag}@test.local`, name: `${tag} admin`, role: "ADMIN", passwordHash: "x" } })).id;
  // A real sandbox host: createRun runs the preflight over SSH (datasets, GPUs, disk) before queueing.
  fixture = await setupRunFixture({ port: 22381, gpus: 2, stepSeconds: 0.05, tag });
  hostId = fixture.hostId;
  presetVersionId = fixture.presetVersionId;
  // The receiver is on loopback: this install's admin has allowed private webhook targets.
  await setAllowPrivateWebhookTargets({ actorId: null, allow: true });
});

after(async () => {
  await setAllowPrivateWebhookTargets({ actorId: null, allow: false });
  await killChild();
  server.close();
  await prisma.webhook.deleteMany({ where: { name: { startsWith: tag } } });
  await fixture?.cleanup();
  await prisma.auditEvent.deleteMany({ where: { actorId: userId } });
  await prisma.user.delete({ where: { id: userId } });
  await closeQueues();
  await prisma.$disconnect();
});

const newRun = async (name: string) => (await createRun({ presetVersionId, hostId, gpuIndices: [0], name: `${tag}-${name}`, userId })).runId;

test("real run events arrive signed; 500, 500, 200 ends DELIVERED after 3 attempts with backoff; a disabled webhook gets nothing", { timeout: 60_000 }, async () => {
  const a = await createWebhook({ userId, name: `${tag}-a`, url: `${base}/a`, events: ["RUN_STATUS_CHANGED", "RUN_CANCELLED", "RULE_ALERT"] });
  const b = await createWebhook({ userId, name: `${tag}-b`, url: `${base}/b`, events: ["RUN_STATUS_CHANGED", "RUN_CANCELLED", "RULE_ALERT", "RULE_FIRED", "RUN_STARTED", "RUN_KILL_VERIFIED"] });
  await setWebhookEnabled({ userId, webhookId: b.id, enabled: false });
  answer = (r, seenBefore) => (r.event === "run.cancelled" && seenBefore < 2 ? 500 : 200);

  const connection = createWorkerConnection();
  const worker = new Worker(QueueName.WebhookDelivery, processWebhookDelivery, { connection, prefix: queuePrefix(), concurrency: 4 });
  worker.on("error", () => {});
  const dispatcher = startWebhookDispatcher({ intervalMs: 100 });
  try {
    const runId = await newRun("cancel");
    await requestStop({ runId, userId, kind: "KILL" }); // QUEUED → CANCELLED: STATUS_CHANGED + CANCELLED events
    await recordRuleOutcome({ runId, fired: { rule: "divergence", action: "alert", step: 40, reason: "loss doubled" }, verdict: "learning" });
    const events = await prisma.runEvent.findMany({ where: { runId, type: { in: ["STATUS_CHANGED", "CANCELLED", "RULE_ALERT"] } }, orderBy: { id: "asc" } });
    assert.equal(events.length, 3);

    // While the receiver refuses, the row shows the failed attempt and when the next one comes.
    const failing = await waitFor("a failed first attempt on the row", () =>
      prisma.webhookDelivery.findFirst({ where: { webhookId: a.id, eventType: "RUN_CANCELLED", attempts: { gte: 1 }, status: "PENDING" } }), 20_000, 20);
    assert.equal(failing.lastStatusCode, 500);
    assert.match(failing.lastError ?? "", /^HTTP 500: receiver says no/);
    assert.ok(failing.nextAttemptAt && failing.nextAttemptAt.getTime() > Date.now() - 1000, "nextAttemptAt is set");

    const rows = await waitFor("3 settled deliveries", async () => {
      const r = await prisma.webhookDelivery.findMany({ where: { webhookId: a.id }, orderBy: { runEventId: "asc" } });
      return r.length === 3 && r.every((d) => d.status !== "PENDING") && r;
    }, 30_000);
    assert.deepEqual(rows.map((d) => d.runEventId), events.map((e) => e.id));
    const cancelled = rows.find((d) => d.eventType === "RUN_CANCELLED")!;
    assert.deepEqual([cancelled.status, cancelled.attempts, cancelled.lastStatusCode, cancelled.lastError, cancelled.nextAttemptAt], ["DELIVERED", 3, 200, null, null]);
    assert.ok(cancelled.deliveredAt);
    for (const d of rows.filter((x) => x !== cancelled)) assert.deepEqual([d.status, d.attempts, d.lastStatusCode], ["DELIVERED", 1, 200]);

    // Every POST verifies with the secret shown at creation, and says what it is.
    const toA = received.filter((r) => r.path === "/a");
    assert.equal(toA.length, 5);
    for (const r of toA) {
      assert.ok(verifyWebhookSignature({ secret: a.secret, body: r.body, header: r.signature }), `signature of ${r.delivery}`);
      assert.equal(r.json.type, r.event);
      assert.equal(r.json.run.id, runId);
      assert.ok(rows.some((d) => d.id === r.delivery));
    }
    assert.ok(!verifyWebhookSignature({ secret: b.secret, body: toA[0]!.body, header: toA[0]!.signature }), "another endpoint's secret does not verify");
    const fin = toA.find((r) => r.event === "run.status_changed")!;
    assert.equal(fin.json.event.id, String(events[0]!.id));
    assert.equal(fin.json.event.data.status, "CANCELLED");
    assert.equal(fin.json.run.status, "CANCELLED");
    assert.equal(fin.json.id, `evt_${events[0]!.id}`);

    // Backoff: 600 ms then 1200 ms between the cancelled event's three attempts.
    const times = toA.filter((r) => r.delivery === cancelled.id).map((r) => r.at);
    assert.equal(times.length, 3);
    assert.ok(times[1]! - times[0]! >= 500, `first retry after ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 1_100, `second retry after ${times[2]! - times[1]!} ms`);

    assert.equal(received.filter((r) => r.path === "/b").length, 0);
    assert.equal(await prisma.webhookDelivery.count({ where: { webhookId: b.id } }), 0);
  } finally {
    await dispatcher.stop();
    await worker.close();
    await connection.quit();
  }
});

test("the last attempt marks the row FAILED; a refused connection is recorded without a status code", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((r) => closed.close(r)); // a port nobody listens on any more
  const c = await createWebhook({ userId, name: `${tag}-c`, url: `http://127.0.0.1:${port}/closed`, events: ["RULE_ALERT"] });
  const d = await prisma.webhookDelivery.create({ data: { webhookId: c.id, eventType: "TEST", payload: { id: "evt_test_x", type: "test" } } });
  const mid = await deliverWebhook({ deliveryId: d.id, jobAttemptsMade: 0, jobAttempts: 8, backoffMs: 1000 });
  assert.equal(mid.outcome, "retry");
  let row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
  assert.deepEqual([row.status, row.attempts, row.lastStatusCode], ["PENDING", 1, null]);
  assert.equal(row.lastError, NO_RESPONSE, "a closed port reads like any other failed connection");
  const last = await deliverWebhook({ deliveryId: d.id, jobAttemptsMade: 7, jobAttempts: 8, backoffMs: 1000 });
  assert.equal(last.outcome, "failed");
  row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
  assert.deepEqual([row.status, row.attempts, row.nextAttemptAt], ["FAILED", 2, null]);
  assert.equal((await deliverWebhook({ deliveryId: d.id, jobAttemptsMade: 0, jobAttempts: 8, backoffMs: 1000 })).outcome, "skipped", "a settled row is never sent again");
});

test("ids that commit out of order: the cursor waits for an open transaction's event and steps over a rolled-back one", async () => {
  const e = await createWebhook({ userId, name: `${tag}-e`, url: `${base}/e`, events: ["RULE_ALERT"] });
  const runId = await newRun("order");
  const state = newFanOutState();
  await fanOutRunEvents({ state }); // catch up with whatever came before
  const rowsOf = async () => (await prisma.webhookDelivery.findMany({ where: { webhookId: e.id }, select: { runEventId: true } })).map((r) => r.runEventId);
  const alert = (c: pg.Client | typeof prisma, message: string) => c instanceof pg.Client
    ? c.query(`INSERT INTO run_events ("runId", type, message) VALUES ($1, 'RULE_ALERT', $2) RETURNING id`, [runId, message]).then((r) => BigInt(r.rows[0].id))
    : prisma.runEvent.create({ data: { runId, type: "RULE_ALERT", message } }).then((r) => r.id);

  const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await slow.connect();
  try {
    await slow.query("BEGIN");
    const late = await alert(slow, "late: its transaction is still open");
    const early = await alert(prisma, "committed first, with a higher id");
    assert.ok(early > late);
    let r = await fanOutRunEvents({ state });
    assert.ok(r.cursor < late, `cursor ${r.cursor} must stay below the open id ${late}`);
    assert.deepEqual(await rowsOf(), [early]);
    r = await fanOutRunEvents({ state });
    assert.ok(r.cursor < late, "still open: still waiting");
    await slow.query("COMMIT");
    r = await fanOutRunEvents({ state });
    assert.deepEqual((await rowsOf()).sort(), [late, early]);
    assert.ok(r.cursor >= early);

    await slow.query("BEGIN");
    const gone = await alert(slow, "rolled back");
    const after = await alert(prisma, "after the rollback");
    assert.ok((await fanOutRunEvents({ state })).cursor < gone);
    await slow.query("ROLLBACK");
    await fanOutRunEvents({ state }); // the gap is seen as settled from this pass on
    r = await fanOutRunEvents({ state });
    assert.ok(r.cursor >= after, `cursor ${r.cursor} steps over the rolled-back id ${gone}`);
    assert.deepEqual((await rowsOf()).sort(), [late, early, after]);
  } finally {
    await slow.end();
  }
});

let child: ChildProcess | null = null;
function startChild(): Promise<void> {
  const out = openSync(`/tmp/ffwh-dispatcher-${process.pid}.log`, "a");
  const c = spawn(process.execPath, ["--import", "tsx", "workers/webhooks/run-standalone.ts", "--interval=100"], {
    cwd: ROOT, env: { ...process.env, WEBHOOK_BACKOFF_MS: "200" }, stdio: ["ignore", "pipe", out],
  });
  child = c;
  return new Promise((resolve, reject) => {
    c.once("exit", (code) => reject(new Error(`dispatcher exited early (${code})`)));
    c.stdout!.on("data", (d: Buffer) => {
      writeSync(out, d);
      if (d.toString().includes("webhooks started")) resolve();
    });
  });
}
async function killChild(): Promise<void> {
  const c = child;
  child = null;
  if (!c || c.exitCode !== null) return;
  c.removeAllListeners("exit");
  const gone = new Promise((r) => c.once("exit", r));
  c.kill("SIGKILL");
  await gone;
}

test("SIGKILL the dispatcher process repeatedly while events are written: every event delivered, no delivery made twice", { timeout: 120_000 }, async () => {
  const d = await createWebhook({ userId, name: `${tag}-d`, url: `${base}/d`, events: ["RULE_ALERT"] });
  const since = new Date();
  answer = (_r, seenBefore) => (Math.random() < 0.2 && seenBefore < 2 ? 503 : 200);
  const runs = await Promise.all([1, 2, 3].map((i) => newRun(`crash-${i}`)));
  // A row a worker committed but never enqueued (killed in between): the restarted process sends it.
  const orphanEvent = await prisma.runEvent.create({ data: { runId: runs[0]!, type: "RULE_ALERT", message: "orphan" } });
  const orphan = await prisma.webhookDelivery.create({ data: { webhookId: d.id, runEventId: orphanEvent.id, eventType: "RULE_ALERT", payload: { id: `evt_${orphanEvent.id}`, type: "rule.alert" } } });

  await startChild();
  let step = 0;
  const kills: number[] = [];
  // Three writers at once, so ids commit out of order while the dispatcher reads.
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await Promise.all(runs.map((runId) => recordRuleOutcome({ runId, fired: { rule: "stall", action: "alert", step: ++step, reason: "flat" }, verdict: "learning" })));
      await new Promise((r) => setTimeout(r, 15 + Math.random() * 30));
    }
  };
  for (let round = 0; round < 4; round++) {
    await Promise.all([write(10), new Promise((r) => setTimeout(r, 150 + Math.random() * 400)).then(async () => {
      kills.push(Date.now());
      await killChild();
    })]);
    await startChild();
  }
  await write(5);

  const alerts = await prisma.runEvent.findMany({ where: { runId: { in: runs }, type: "RULE_ALERT", createdAt: { gte: since } }, select: { id: true } });
  assert.equal(alerts.length, 3 * 45 + 1);
  const rows = await waitFor("every alert delivered", async () => {
    const r = await prisma.webhookDelivery.findMany({ where: { webhookId: d.id } });
    return r.length >= alerts.length && r.every((x) => x.status === "DELIVERED") && r;
  }, 60_000, 250);
  assert.equal(kills.length, 4);
  assert.equal(rows.length, alerts.length, "one row per event: none lost, none doubled");
  assert.deepEqual(new Set(rows.map((r) => r.runEventId)), new Set(alerts.map((a) => a.id)));
  assert.ok(rows.some((r) => r.id === orphan.id && r.status === "DELIVERED"), "the orphaned PENDING row was re-enqueued and sent");
  const toD = received.filter((r) => r.path === "/d");
  assert.deepEqual(new Set(toD.map((r) => r.delivery)), new Set(rows.map((r) => r.id)), "the receiver saw every delivery");
  for (const r of toD) assert.ok(verifyWebhookSignature({ secret: d.secret, body: r.body, header: r.signature }));
  // At-least-once: a process killed after a POST but before recording it sends that POST again on
  // restart (same X-FF-Delivery, receivers dedupe). Count them so the log shows how often.
  const attempts = rows.reduce((s, r) => s + r.attempts, 0);
  console.log(`# crash test: ${rows.length} deliveries, ${attempts} recorded attempts, ${toD.length} POSTs received, ${kills.length} kills`);
});
