// The CLI end to end: a token made like the settings page makes one, `ffloor login`, then launch from
// a preset on a real sshd sandbox host through the real web app (`next start`) and worker, watch it
// finish, list it, compare two runs, export the preset. Needs a production build (.next/BUILD_ID):
// built here when missing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { createApiToken } from "@/lib/tokens/create-token";
import { setupRunFixture, SIM_YAML, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PORT = 3591;
const URL_ = `http://127.0.0.1:${PORT}`;
const home = mkdtempSync(path.join(tmpdir(), "ffloor-cli-"));
const procs: ChildProcess[] = [];
let fx: TRunFixture;
let userId = "";
let token = "";
let hostName = "";
let presetName = "";

function startProc(cmd: string, args: string[], log: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const fd = openSync(path.join(home, log), "a");
  const p = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", fd, fd], detached: true, env: { ...process.env, APP_URL: URL_, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  procs.push(p);
  return p;
}

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/ffloor.mjs"), ...args], { cwd: home, encoding: "utf8", env: { ...process.env, HOME: home }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const cliJson = (args: string[]) => {
  const r = cli([...args, "--json"]);
  const lines = r.stdout.trim().split("\n").filter(Boolean);
  return { ...r, doc: lines.length ? JSON.parse(lines[lines.length - 1]!) : null, lines };
};

before(async () => {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    const b = spawnSync("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    assert.equal(b.status, 0, "next build failed");
  }
  fx = await setupRunFixture({ port: 22531, gpus: 1, stepSeconds: 0.12, tag: "cli" });
  // Early-stop rules off: this test is about the CLI seeing a run through to SUCCEEDED, and the
  // simulator's short curve can look like a plateau to them.
  const off = { mode: "off" };
  await prisma.presetVersion.findUniqueOrThrow({ where: { id: fx.presetVersionId } }).then((v) =>
    prisma.preset.update({ where: { id: v.presetId }, data: { rules: { nonFinite: off, divergence: off, patience: off, overfitting: off, plateau: off, stall: off } } }));
  const host = await prisma.host.findUniqueOrThrow({ where: { id: fx.hostId } });
  hostName = host.name;
  presetName = (await prisma.presetVersion.findUniqueOrThrow({ where: { id: fx.presetVersionId }, include: { preset: true } })).preset.name;
  const u = await prisma.user.create({ data: { email: `cli-${process.pid}@test.local`, name: "CLI tester", role: "OPERATOR", passwordHash: "x" } });
  userId = u.id;
  token = (await createApiToken({ userId, name: "cli test" })).token;
  startProc("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], "web.log");
  startProc("npx", ["tsx", "workers/index.ts"], "worker.log");
  const until = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${URL_}/signin`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until) throw new Error(`next start did not come up:\n${readFileSync(path.join(home, "web.log"), "utf8").slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
});

after(async () => {
  for (const p of procs) if (p.pid) try { process.kill(-p.pid, "SIGTERM"); } catch { /* gone */ }
  await new Promise((r) => setTimeout(r, 1500));
  await closeAllHostConnections();
  await fx?.cleanup();
  await prisma.auditEvent.deleteMany({ where: { actorId: userId } });
  await prisma.user.deleteMany({ where: { id: userId } });
  await closeQueues();
  await prisma.$disconnect();
  rmSync(home, { recursive: true, force: true });
});

test("login checks the token and stores it with mode 600; a bad token is refused and not stored", () => {
  const bad = cliJson(["login", "--url", URL_, "--token", "ffp_not-a-real-token-xxxxxxxx"]);
  assert.equal(bad.code, 1);
  assert.equal(bad.doc.error.code, "unauthorized");
  assert.ok(!existsSync(path.join(home, ".config/ffloor/config.json")));
  const ok = cliJson(["login", "--url", URL_, "--token", token]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const file = path.join(home, ".config/ffloor/config.json");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { url: URL_, token });
});

test("launch from a preset, watch it to SUCCEEDED with a progress bar and loss, list it, compare, export", async () => {
  const presets = cliJson(["presets", "list"]);
  assert.ok(presets.doc.presets.some((p: { name: string }) => p.name === presetName));

  const bad = cliJson(["launch", presetName, "--host", hostName, "--gpus", "0", "--set", "learning_rate=-1"]);
  assert.equal(bad.code, 1);
  assert.equal(bad.doc.error.field, "overrides");

  const l = cliJson(["launch", presetName, "--host", hostName, "--gpus", "0", "--set", "learning_rate=5e-5", "--set", "num_train_epochs=1", "--name", "cli run"]);
  assert.equal(l.code, 0, l.stdout + l.stderr);
  const runId = l.doc.runId as string;
  assert.match(l.doc.url, new RegExp(`${URL_}/runs/${runId}$`));

  const w = cli(["runs", "watch", runId, "--interval", "300"]);
  assert.equal(w.code, 0, w.stdout + w.stderr);
  // Several distinct progress lines (not just the final one): the bar moved while we watched.
  const bars = w.stdout.split("\n").filter((x) => /^RUNNING\s+\[#*-*\]\s+\d+%\s+\d+\/\d+/.test(x));
  assert.ok(bars.length >= 3, w.stdout);
  assert.match(w.stdout, /\[#+-*\]\s+\d+%\s+\d+\/\d+/);
  assert.match(w.stdout, /loss \d+\.\d{4}/);
  assert.match(w.stdout, /ETA /);
  assert.match(w.stdout, /cli run ended SUCCEEDED \(exit 0\)/);

  const list = cliJson(["runs", "list", "--limit", "50"]);
  const row = list.doc.runs.find((r: { id: string }) => r.id === runId);
  assert.equal(row?.status, "SUCCEEDED");
  assert.match(cli(["runs", "list"]).stdout, new RegExp(`${runId}\\s+cli run\\s+SUCCEEDED`));

  const again = cliJson(["kill", runId]);
  assert.equal(again.code, 1);
  assert.equal(again.doc.error.code, "conflict");

  const l2 = cliJson(["launch", presetName, "--host", hostName, "--gpus", "0", "--set", "num_train_epochs=1", "--name", "cli run 2"]);
  assert.equal(l2.code, 0);
  const k = cliJson(["kill", l2.doc.runId]);
  assert.equal(k.code, 0, k.stdout);
  const cmp = cliJson(["compare", runId, l2.doc.runId]);
  assert.equal(cmp.code, 0, cmp.stdout + cmp.stderr);
  assert.equal(cmp.doc.url, `${URL_}/compare?runs=${runId},${l2.doc.runId}`);
  assert.deepEqual(cmp.doc.differs.map((d: { key: string }) => d.key), ["learning_rate"]);
  const text = cli(["compare", runId, l2.doc.runId]).stdout;
  assert.match(text, /learning_rate\s+5e-5\s+1e-4|learning_rate\s+0\.00005\s+0\.0001/);

  const ex = cli(["presets", "export", presetName]);
  assert.equal(ex.stdout, SIM_YAML);
  const audit = await prisma.auditEvent.findMany({ where: { actorId: userId }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => `${a.action}:${a.ok}`), ["token.create:true", "run.launch:true", "run.launch:true", "run.stop:true"]);
});

test("import HOST PATH --wait: a saves/ folder imports with a progress line; again adds nothing; a bad path names the field", async () => {
  const saves = path.join(fx.sshd.home, "saves");
  spawnSync("cp", ["-r", path.join(ROOT, "scripts/sandbox/lf-saves/saves"), saves]);
  spawnSync("chown", ["-R", `${fx.sshd.username}:`, saves]);
  const bad = cliJson(["import", hostName, "  "]);
  assert.equal(bad.code, 1);
  assert.equal(bad.doc.error.field, "path");
  assert.equal(cli(["import", hostName]).code, 2);
  const first = cli(["import", hostName, "~/saves", "--wait", "--interval", "200"]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /Importing ~\/saves on /);
  assert.match(first.stdout, /Done: 13 new, 0 already imported/);
  const again = cliJson(["import", hostName, "saves", "--wait"]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(again.doc.import.summary, "0 new, 13 already imported");
  const missing = cli(["import", hostName, "~/nope", "--wait"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does not exist on the host/);
});
