// The exactly-once guarantee against a real sshd: runs write trainer_log.jsonl and console.log in
// ragged chunks (partial lines included) while the poller process is SIGKILLed 20 times and
// restarted; afterwards the stored points equal what the same parser reads from the files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, chownSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { seal } from "@/lib/crypto/secret-box";
import { parseTrainerLog, initialParserState } from "@/lib/logs/parse-trainer-log";
import { parseConsole, initialConsoleState } from "@/lib/logs/parse-console";
import { matchGradNorms } from "@/lib/logs/match-grad-norms";
import { closeMetricsPool, metricsPool } from "@/lib/metrics/store/pg-pool";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

const FIX = path.resolve(import.meta.dirname, "../../lib/backtest/testdata/gpu-runs");
const OFF = { mode: "off" };
const RULES_OFF = { nonFinite: OFF, divergence: OFF, overfitting: OFF, patience: OFF, stall: OFF, plateau: OFF };
let sshd: TThrowawaySshd;
let hostId = "";

before(() => { sshd = startThrowawaySshd({ port: 22431 }); });
let liveChild: ChildProcess | null = null;
after(async () => {
  liveChild?.kill("SIGKILL");
  if (hostId) { await prisma.run.deleteMany({ where: { hostId } }); await prisma.host.delete({ where: { id: hostId } }); }
  sshd.stop();
  await closeMetricsPool();
  await prisma.$disconnect();
});

/** A log with resumes (repeated step ranges), NaN lines and one malformed line. */
function buildLog(copies: number): string {
  const healthy = readFileSync(path.join(FIX, "dev-healthy/trainer_log.jsonl"), "utf8");
  const nan = readFileSync(path.join(FIX, "dev-nan/trainer_log.jsonl"), "utf8");
  let s = "";
  for (let i = 0; i < copies; i++) s += healthy + (i === 1 ? '{"current_steps": 12, "loss": oops}\n' : "") + nan;
  return s;
}

/** Appends `text` in ragged pieces (lines split anywhere) every ~300 ms until `pace.fast` is set, then the rest at once. */
async function writeRagged(file: string, text: string, pace: { fast: boolean }): Promise<void> {
  const buf = Buffer.from(text);
  let pos = 0;
  while (pos < buf.length) {
    if (pace.fast) { appendFileSync(file, buf.subarray(pos)); return; }
    const n = Math.max(1, Math.floor(1500 * (0.3 + Math.random() * 1.4)));
    appendFileSync(file, buf.subarray(pos, pos + n));
    pos += n;
    await new Promise((r) => setTimeout(r, 300));
  }
}

function spawnPoller(): ChildProcess {
  return liveChild = spawn(process.execPath, ["--import", "tsx", "workers/poller/run-standalone.ts", "--report"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, POLL_INTERVAL_MS: "100" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

test("SIGKILL the poller 20 times during live runs: stored points equal the files", { timeout: 600_000 }, async () => {
  const host = await prisma.host.create({
    data: { name: `poller-int-${Date.now()}`, address: sshd.address, port: sshd.port, username: sshd.username,
      privateKeyEnc: seal(sshd.privateKey, env().HOST_KEY_SECRET), hostKeyFingerprint: sshd.hostKeyFingerprint },
  });
  hostId = host.id;
  const uid = statSync(sshd.home).uid;
  const runs: { id: string; dir: string; log: string; console: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = path.join(sshd.home, "runs", `r${i}`);
    mkdirSync(dir, { recursive: true });
    chownSync(path.join(sshd.home, "runs"), uid, -1);
    chownSync(dir, uid, -1);
    const run = await prisma.run.create({
      data: { name: `int-${i}`, hostId, gpuIndices: [i], configYaml: "save_steps: 100\n", outputDir: dir, status: "RUNNING",
        remotePid: 4242, startedAt: new Date(), rules: RULES_OFF },
    });
    runs.push({ id: run.id, dir, log: buildLog(40 + i * 4), console: readFileSync(path.join(FIX, "dev-healthy/console.txt"), "utf8").repeat(12) });
  }
  // The files keep growing through all 20 kills (a poller start takes seconds on a busy machine).
  const pace = { fast: false };
  const writers = Promise.all(runs.flatMap((r) => [
    writeRagged(path.join(r.dir, "trainer_log.jsonl"), r.log, pace),
    writeRagged(path.join(r.dir, "console.log"), r.console, pace),
  ]));

  let child = spawnPoller();
  let stderr = "";
  const capture = (c: ChildProcess) => c.stderr?.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  capture(child);
  // Counted from the child's own --report lines: another poller on the same database (a developer's
  // worker) may ingest too, which exactly-once must survive but must not count as a kill mid-work.
  let reported = 0;
  const watch = (c: ChildProcess) => c.stdout?.on("data", (d: Buffer) => { reported += d.toString().split("ingested").length - 1; });
  watch(child);
  let killedWhileIngesting = 0;
  try {
    for (let k = 0; k < 20; k++) {
      // Kill only once this process has committed something, then at a random moment of its next polls.
      const until = Date.now() + 60_000;
      while (reported === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (reported > 0) killedWhileIngesting++;
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      child.kill("SIGKILL");
      await exited(child);
      child = spawnPoller();
      reported = 0;
      capture(child);
      watch(child);
    }
    pace.fast = true;
    await writers;
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  assert.ok(killedWhileIngesting >= 18, `only ${killedWhileIngesting} of 20 kills hit a poller that was ingesting`);

  const deadline = Date.now() + 120_000;
  for (;;) {
    const rows = await prisma.run.findMany({ where: { hostId }, select: { id: true, logOffset: true, consoleOffset: true } });
    const done = runs.every((r) => {
      const row = rows.find((x) => x.id === r.id)!;
      return Number(row.logOffset) === Buffer.byteLength(r.log) && Number(row.consoleOffset) === Buffer.byteLength(r.console);
    });
    if (done) break;
    if (Date.now() > deadline) child.kill("SIGKILL");
    assert.ok(Date.now() < deadline, `poller did not catch up; stderr tail:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill("SIGTERM");
  await exited(child);

  for (const r of runs) {
    const expected = parseTrainerLog(Buffer.from(r.log), 0, initialParserState());
    const got = await metricsPool().query<{ offset: string; kind: string; segment: number; step: number; loss: number | null; evalLoss: number | null; lr: number | null }>(
      `SELECT "offset", kind, segment, step, loss, "evalLoss", lr FROM metric_points WHERE "runId"=$1 ORDER BY "offset"`, [r.id]);
    assert.equal(got.rows.length, expected.points.length, "same number of points");
    got.rows.forEach((row, i) => {
      const e = expected.points[i]!;
      assert.equal(Number(row.offset), e.offset);
      assert.equal(row.kind, e.kind);
      assert.equal(row.segment, e.segment);
      assert.equal(row.step, e.step);
      assert.ok(Object.is(row.loss, e.loss) || row.loss === e.loss, `loss at ${e.offset}: ${row.loss} vs ${e.loss}`);
      assert.ok(Object.is(row.evalLoss, e.evalLoss), `evalLoss at ${e.offset}`);
    });
    assert.ok(expected.points.some((p) => p.evalLoss !== null && Number.isNaN(p.evalLoss)), "the file has NaN eval points");
    const warn = await prisma.runEvent.count({ where: { runId: r.id, type: "INGEST_WARNING" } });
    assert.equal(warn, expected.warnings.length, "one warning per malformed line");
    const chunks = await metricsPool().query<{ text: string }>(`SELECT text FROM console_chunks WHERE "runId"=$1 ORDER BY "offset"`, [r.id]);
    assert.equal(chunks.rows.map((c) => c.text).join(""), r.console, "console stored once, in order");
    const gn = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId"=$1 AND "gradNorm" IS NOT NULL`, [r.id]);
    assert.ok(gn.rows[0]!.n > 100, `grad norms attached from the console (${gn.rows[0]!.n})`);
    // 20 restarts lose no pairing: the live grad norms equal the offline match over the whole files.
    const train = expected.points.filter((p) => p.kind === "TRAIN" && p.loss !== null);
    const offline = matchGradNorms(train, parseConsole(r.console, 0, initialConsoleState()).records);
    const live = await metricsPool().query<{ offset: string; gradNorm: number | null }>(
      `SELECT "offset", "gradNorm" FROM metric_points WHERE "runId"=$1 AND kind='TRAIN' AND loss IS NOT NULL ORDER BY "offset"`, [r.id]);
    const diff = live.rows.filter((row, i) => !Object.is(row.gradNorm, offline[i]));
    assert.equal(diff.length, 0, `grad norms differing from the offline match: ${diff.slice(0, 5).map((d) => d.offset).join(", ")}`);
  }
});
