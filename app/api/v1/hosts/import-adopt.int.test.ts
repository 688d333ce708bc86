// Import and adopt through the REST handlers against a real sshd host and the real worker process:
// the import API (field errors on `path`, progress, a second import adding nothing), then trainings
// started by hand over SSH with the system ssh client (as a user would, from the LF checkout with
// the venv activated): listed with their output_dir, adopted once (twice is refused), polled live,
// and stopped with the ladder (SIGTERM first without LLAMABOARD_ENABLED; SIGABRT and a save with it).
import "@/app/api/v1/testing/als-global";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";
import { requestStop } from "@/lib/runs/request-stop";
import { setupApiFixture, call, type TApiFixture } from "@/app/api/v1/testing/api-fixtures";
import * as importsRoute from "@/app/api/v1/hosts/[id]/imports/route";
import * as adoptableRoute from "@/app/api/v1/hosts/[id]/adoptable/route";
import * as adoptRoute from "@/app/api/v1/hosts/[id]/adopt/route";
import { startWorkerProcess } from "@/lib/runs/testing/worker-process";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
let sshd: TThrowawaySshd;
let fx: TApiFixture;
let hostId = "";
let worker: ChildProcess | null = null;
let keyFile = "";

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ffh13-adopt-worker-${process.pid}.log`, env: { POLL_INTERVAL_MS: "500", KILL_GRACE_MS: "8000" }, onSpawn: (c) => { worker = c; } });
}

/** The system ssh client, as a user at a terminal would run it. */
function ssh(cmd: string): string {
  return execFileSync("ssh", ["-i", keyFile, "-p", String(sshd.port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
    `${sshd.username}@127.0.0.1`, cmd], { encoding: "utf8", timeout: 20_000 });
}

/** `cd` into the checkout, activate the venv, nohup the training in the background: the ssh returns at once. */
function startByHand(yamlName: string, outputDir: string, env = ""): void {
  writeFileSync(path.join(sshd.home, "LLaMA-Factory", yamlName), SIM_YAML.replace("saves/placeholder", outputDir).replace("num_train_epochs: 2.0", "num_train_epochs: 30.0"));
  execFileSync("chown", [`${sshd.username}:`, path.join(sshd.home, "LLaMA-Factory", yamlName)]);
  ssh(`cd ~/LLaMA-Factory; source .venv/bin/activate; ${env} nohup llamafactory-cli train ${yamlName} > ${yamlName}.log 2>&1 < /dev/null &`);
}

const op = () => fx.users.OPERATOR.token;
const adoptable = async () => (await call(adoptableRoute.GET, { url: `/api/v1/hosts/${hostId}/adoptable`, auth: fx.users.VIEWER.token, params: { id: hostId } })).json.processes as any[];

before(async () => {
  fx = await setupApiFixture();
  sshd = startThrowawaySshd({ port: 22471, sim: { gpus: 2, stepSeconds: 0.25 } });
  hostId = (await createHost({ name: `h13-adopt-${process.pid}`, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null }, {}, { profile: sshd.profile! })).id;
  keyFile = path.join(path.dirname(sshd.home), "user_key");
  writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
  execFileSync("cp", ["-r", path.join(ROOT, "scripts/sandbox/lf-saves/saves"), path.join(sshd.home, "saves")]);
  execFileSync("chown", ["-R", `${sshd.username}:`, path.join(sshd.home, "saves")]);
  await startWorker();
});

after(async () => {
  if (worker && worker.exitCode === null) {
    const gone = new Promise((r) => worker!.once("exit", r));
    worker.kill("SIGTERM");
    await gone;
  }
  await closeAllHostConnections();
  sshd.stop();
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } });
  await fx.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("import API: field errors name path, a viewer is refused, progress to 100%, a second import adds nothing", { timeout: 60_000 }, async () => {
  const url = `/api/v1/hosts/${hostId}/imports`;
  const empty = await call(importsRoute.POST, { url, method: "POST", auth: op(), body: { path: "  " }, params: { id: hostId } });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.error.field, "path");
  const missing = await call(importsRoute.POST, { url, method: "POST", auth: op(), body: {}, params: { id: hostId } });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, "path");
  const viewer = await call(importsRoute.POST, { url, method: "POST", auth: fx.users.VIEWER.token, body: { path: "~/saves" }, params: { id: hostId } });
  assert.equal(viewer.status, 403);
  const nohost = await call(importsRoute.POST, { url: "/api/v1/hosts/nope/imports", method: "POST", auth: op(), body: { path: "~/saves" }, params: { id: "nope" } });
  assert.equal(nohost.status, 404);

  const first = await call(importsRoute.POST, { url, method: "POST", auth: op(), body: { path: "~/saves" }, params: { id: hostId } });
  assert.equal(first.status, 202, first.text);
  const seen = new Set<number>();
  const done = await waitFor("the first import", async () => {
    const l = await call(importsRoute.GET, { url, auth: fx.users.VIEWER.token, params: { id: hostId } });
    const j = l.json.imports.find((x: any) => x.id === first.json.importId);
    if (j?.progress !== null && j?.progress !== undefined) seen.add(j.progress);
    return j && (j.status === "SUCCEEDED" || j.status === "FAILED") ? j : null;
  }, 40_000, 100);
  assert.equal(done.status, "SUCCEEDED", done.error ?? "");
  assert.equal(done.runsCreated, 13);
  assert.equal(done.progress, 1);
  assert.equal(done.summary, "13 new, 0 already imported");
  assert.ok(done.linesDone > 0);

  const again = await call(importsRoute.POST, { url, method: "POST", auth: op(), body: { path: "saves" }, params: { id: hostId } });
  assert.equal(again.status, 202);
  const second = await waitFor("the second import", async () => {
    const l = await call(importsRoute.GET, { url, auth: fx.users.VIEWER.token, params: { id: hostId } });
    const j = l.json.imports.find((x: any) => x.id === again.json.importId);
    return j && (j.status === "SUCCEEDED" || j.status === "FAILED") ? j : null;
  }, 30_000, 100);
  assert.equal(second.summary, "0 new, 13 already imported");
  assert.equal(second.linesDone, 0);
  assert.equal(await prisma.run.count({ where: { hostId, origin: "IMPORTED" } }), 13);
});

test("adopt: a hand-started training is listed with its output_dir, adopted once, polled live and stopped with SIGTERM (no LLAMABOARD_ENABLED)", { timeout: 60_000 }, async () => {
  startByHand("hand.yaml", "saves/hand/run1");
  const found = await waitFor("ps to show the training", async () => (await adoptable()).find((p) => p.outputDir?.endsWith("/saves/hand/run1")), 15_000, 300);
  assert.equal(found.outputDir, path.join(sshd.home, "LLaMA-Factory/saves/hand/run1"));
  assert.equal(found.configPath, path.join(sshd.home, "LLaMA-Factory/hand.yaml"));
  assert.equal(found.llamaboard, false);
  assert.equal(found.problem, null);
  assert.equal(found.runId, null);
  assert.match(found.command, /llamafactory-cli(\.mjs)? train hand\.yaml/);

  const url = `/api/v1/hosts/${hostId}/adopt`;
  const bad = await call(adoptRoute.POST, { url, method: "POST", auth: op(), body: { pid: "x" }, params: { id: hostId } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, "pid");
  const unknown = await call(adoptRoute.POST, { url, method: "POST", auth: op(), body: { pid: 999_999 }, params: { id: hostId } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.field, "pid");
  const viewer = await call(adoptRoute.POST, { url, method: "POST", auth: fx.users.VIEWER.token, body: { pid: found.pid }, params: { id: hostId } });
  assert.equal(viewer.status, 403);

  const [a, b] = await Promise.all([0, 1].map(() => call(adoptRoute.POST, { url, method: "POST", auth: op(), body: { pid: found.pid }, params: { id: hostId } })));
  const ok = [a!, b!].filter((r) => r.status === 201);
  assert.equal(ok.length, 1, `exactly one of two racing adoptions wins (${a!.status}, ${b!.status})`);
  assert.equal([a!, b!].find((r) => r.status !== 201)!.status, 409);
  const runId = ok[0]!.json.runId as string;
  const twice = await call(adoptRoute.POST, { url, method: "POST", auth: op(), body: { pid: found.pid }, params: { id: hostId } });
  assert.equal(twice.status, 409);
  assert.match(twice.json.error.message, /already adopted/);
  assert.equal((await adoptable()).find((p) => p.pid === found.pid)!.runId, runId);

  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "RUNNING");
  assert.equal(run.origin, "ADOPTED");
  assert.equal(run.remotePid, found.pid);
  assert.equal(run.remotePgid, found.pgid);
  assert.match(run.configYaml, /learning_rate: 1\.0e-4/);
  // The poller picks it up from byte 0, then keeps up as lines arrive.
  const s1 = await waitFor("the first lines", async () => { const r = await prisma.run.findUnique({ where: { id: runId } }); return r && r.lastStep && r.lastStep > 0 ? r.lastStep : null; }, 20_000, 200);
  await waitFor("the curve to grow", async () => { const r = await prisma.run.findUnique({ where: { id: runId } }); return r && r.lastStep && r.lastStep > s1 ? true : null; }, 20_000, 200);

  await requestStop({ runId, kind: "GRACEFUL", userId: fx.users.OPERATOR.id });
  const stopped = await waitFor("the stop", async () => { const r = await prisma.run.findUnique({ where: { id: runId } }); return r && r.status === "STOPPED" ? r : null; }, 20_000, 200);
  assert.equal(stopped.killStage, "VERIFIED");
  const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { id: "asc" } });
  assert.ok(events.some((e) => /SIGTERM sent .*without LLAMABOARD_ENABLED/.test(e.message)), events.map((e) => e.message).join("\n"));
  assert.ok(!events.some((e) => /SIGABRT sent/.test(e.message)), "no SIGABRT: it would have killed the process unsaved");
  assert.equal(sshd.sh(`ps -eo pgid=,stat= | awk -v g=${found.pgid} '$1==g && $2 !~ /^Z/' | wc -l`).trim(), "0");
  assert.equal((await adoptable()).some((p) => p.pid === found.pid), false);
});

test("adopt a torchrun training with LLAMABOARD_ENABLED: one entry for the tree, a graceful stop saves via SIGABRT", { timeout: 60_000 }, async () => {
  startByHand("board.yaml", "saves/hand/run2", "FORCE_TORCHRUN=1 LLAMABOARD_ENABLED=1 LLAMABOARD_WORKDIR=saves/hand/run2");
  const found = await waitFor("ps to show the training", async () => (await adoptable()).find((p) => p.outputDir?.endsWith("/saves/hand/run2") && p.ranks === 2), 15_000, 300);
  assert.equal(found.torchrun, true);
  assert.equal(found.llamaboard, true);
  assert.equal((await adoptable()).filter((p) => p.outputDir?.endsWith("/saves/hand/run2")).length, 1, "torchrun and its ranks are one training");
  const r = await call(adoptRoute.POST, { url: `/api/v1/hosts/${hostId}/adopt`, method: "POST", auth: op(), body: { pid: found.pid }, params: { id: hostId } });
  assert.equal(r.status, 201, r.text);
  const runId = r.json.runId as string;
  await waitFor("lines", async () => { const x = await prisma.run.findUnique({ where: { id: runId } }); return x && x.lastStep && x.lastStep >= 5 ? true : null; }, 20_000, 200);
  await requestStop({ runId, kind: "GRACEFUL", userId: fx.users.OPERATOR.id });
  const stopped = await waitFor("the stop", async () => { const x = await prisma.run.findUnique({ where: { id: runId } }); return x && x.status === "STOPPED" ? x : null; }, 20_000, 200);
  const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { id: "asc" } });
  assert.ok(events.some((e) => /SIGABRT sent/.test(e.message)));
  assert.ok(events.some((e) => /exited after SIGABRT/.test(e.message)), events.map((e) => e.message).join("\n"));
  assert.ok(stopped.lastStep! > 0);
  // LF saved the model on the way out, as a LLaMA-Board abort does.
  assert.ok(existsSync(path.join(sshd.home, "LLaMA-Factory/saves/hand/run2/adapter_model.safetensors")));
});
