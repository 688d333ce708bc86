// Workers that split the fleet (issue 14): 1,000 RUNNING runs on 100 sandbox sshd hosts, 3 real
// worker processes (`tsx workers/index.ts`) sharing them through host leases. Every run logs a step
// a second. In the same run, the baseline: one worker alone with 200 runs on 20 hosts (what one
// worker carries today), so the CPU ratio compares like with like on this machine's current load.
// Figures: runs polled by exactly one worker, poll cycle p95, total worker CPU / (5 x one worker's
// for 200 runs), and the time until a SIGKILLed worker's runs are polled again.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { FAKE_NVIDIA_SMI_2XA100 } from "@/lib/ssh/testing/throwaway-sshd";
import { appendStep, startFleet, type TFleet } from "./fleet";
import { ms, print, vsTarget, median as median0, quantile as quantile0 } from "./report";

// Safe on an empty list (a machine so busy that no cycle finished in the window): NaN, printed as such.
const median = (xs: number[]) => (xs.length ? median0(xs) : NaN);
const quantile = (xs: number[], q: number) => (xs.length ? quantile0(xs, q) : NaN);

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIRST_PORT = 24000;

type TWorkerProc = { child: ChildProcess; pid: number; cycles: number[]; polled: Map<string, number>; id?: string; cpuSeconds(): number; stop(): Promise<void> };

function spawnWorker(): TWorkerProc {
  // The workers' own log lines go to a file (the bench prints figures only).
  const log = openSync(`/tmp/ff-bench-split-workers.log`, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: ROOT, env: { ...process.env, WORKER_REPORT_CYCLES: "1", WORKER_CONCURRENCY: "2" }, stdio: ["ignore", "pipe", log],
  });
  const w: TWorkerProc = {
    child, pid: child.pid!, cycles: [], polled: new Map(),
    cpuSeconds() {
      const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    }),
  };
  let buf = "";
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const l of lines) {
      const m = /^cycle (\d+(?:\.\d+)?) runs (\d+) bytes \d+ ids (.*)$/.exec(l);
      if (!m) { writeSync(log, `${child.pid} ${l}\n`); continue; }
      if (m[2] === "0") continue;
      w.cycles.push(Number(m[1]));
      for (const id of m[3]!.split(",")) w.polled.set(id, (w.polled.get(id) ?? 0) + 1);
    }
  });
  return w;
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

async function until<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`fleet split: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Warm-up (SSH handshakes, first ingest, engines), then a measured window; returns cycles and CPU seconds. */
async function measure(ws: TWorkerProc[], seconds: number): Promise<{ cycles: number[]; cpu: number; wall: number; polls: number }> {
  // A machine too busy to warm up in a minute still gets its figures measured (and says so).
  const warm = await until("3 poll cycles per worker", async () => ws.every((w) => w.cycles.length >= 3), 45_000).catch(() => false);
  if (!warm) print("fleet split: warm-up incomplete after 45 s; cycles so far", ws.map((w) => w.cycles.length).join(" / "));
  const from = ws.map((w) => w.cycles.length);
  for (const w of ws) w.polled.clear();
  const cpu0 = ws.map((w) => w.cpuSeconds());
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = ws.reduce((a, w, i) => a + w.cpuSeconds() - cpu0[i]!, 0);
  // Run polls done in the window: on a busy machine slower cycles also mean fewer polls, so CPU is
  // compared per poll as well as per second.
  const polls = ws.reduce((a, w) => a + [...w.polled.values()].reduce((x, y) => x + y, 0), 0);
  return { cycles: ws.flatMap((w, i) => w.cycles.slice(from[i])), cpu, wall: ms(t0) / 1000, polls };
}

export async function benchFleetSplit(o: { seconds?: number; hosts?: number } = {}): Promise<void> {
  const seconds = o.seconds ?? 20;
  const hosts = o.hosts ?? 100;
  const baseHosts = hosts / 5;
  const t0 = performance.now();
  let fleet: TFleet | null = null;
  let writer: NodeJS.Timeout | null = null;
  const procs: TWorkerProc[] = [];
  try {
    fleet = await startFleet({ hosts, runsPerHost: 10, firstPort: FIRST_PORT, tag: "bench-split", bin: { "nvidia-smi": FAKE_NVIDIA_SMI_2XA100 } });
    const f = fleet;
    print(`fleet split: ${hosts} sshd hosts, ${(hosts * 10).toLocaleString()} RUNNING runs set up in`, `${(ms(t0) / 1000).toFixed(1)} s`);
    for (const r of f.runs) for (let i = 0; i < 5; i++) appendStep(r);
    // Baseline: 20 hosts / 200 runs for one worker; the other 80 hosts are archived (not polled) meanwhile.
    const baseRuns = f.runs.slice(0, baseHosts * 10);
    await prisma.host.updateMany({ where: { id: { in: f.hostIds.slice(baseHosts) } }, data: { archived: true } });
    writer = setInterval(() => { for (const r of f.runs) appendStep(r); }, 1000);

    const one = spawnWorker();
    procs.push(one);
    const a = await measure([one], seconds);
    const oneCpuPerS = a.cpu / a.wall;
    print(`fleet split: baseline, 1 worker, ${baseRuns.length} runs on ${baseHosts} hosts: cycle median / p95 ms`,
      `${median(a.cycles).toFixed(0)} / ${quantile(a.cycles, 0.95).toFixed(0)} (${a.cycles.length} cycles)`);
    print("fleet split: baseline worker CPU, % of one core", `${(100 * oneCpuPerS).toFixed(1)} %`);
    const oneCpuPerPoll = a.cpu / Math.max(1, a.polls);
    print("fleet split: baseline CPU ms per run poll", `${(1000 * oneCpuPerPoll).toFixed(2)} (${a.polls} polls in ${a.wall.toFixed(0)} s)`);
    const baseMissed = baseRuns.filter((r) => !one.polled.has(r.id)).length;
    if (baseMissed) print("fleet split: baseline runs never polled (!)", String(baseMissed));
    await one.stop(); // graceful: its leases are released at once
    procs.length = 0;

    // The fleet: 3 workers, 100 hosts, 1,000 runs.
    await prisma.host.updateMany({ where: { id: { in: f.hostIds } }, data: { archived: false } });
    const ws = [spawnWorker(), spawnWorker(), spawnWorker()];
    procs.push(...ws);
    await until("3 worker heartbeats", async () => {
      const rows = await prisma.workerHeartbeat.findMany({ where: { pid: { in: ws.map((w) => w.pid) } } });
      for (const w of ws) w.id = rows.find((r) => r.pid === w.pid)?.id;
      return ws.every((w) => w.id);
    }, 60_000);
    const split = await until("every host leased, split between the 3", async () => {
      const rows = await prisma.hostLease.groupBy({ by: ["workerId"], where: { hostId: { in: f.hostIds }, expiresAt: { gt: new Date() } }, _count: true });
      const n = rows.reduce((s, r) => s + r._count, 0);
      return n === hosts && rows.length === 3 && rows.every((r) => r._count <= Math.ceil(hosts / 3) + 2) ? rows.map((r) => r._count) : null;
    }, 60_000);
    print("fleet split: hosts per worker", split.sort((x, y) => y - x).join(" / "));
    const b = await measure(ws, seconds);
    const byRun = f.runs.map((r) => ws.filter((w) => w.polled.has(r.id)).length);
    const exactlyOne = byRun.filter((n) => n === 1).length;
    print("fleet split: runs polled by exactly one worker", `${exactlyOne} / ${f.runs.length} (by two or more: ${byRun.filter((n) => n > 1).length}, by none: ${byRun.filter((n) => n === 0).length})`);
    print("fleet split: cycles / median / p95 / max ms (3 workers)",
      `${b.cycles.length} / ${median(b.cycles).toFixed(0)} / ${quantile(b.cycles, 0.95).toFixed(0)} / ${Math.max(...b.cycles).toFixed(0)}`);
    print(`fleet split: p95 poll cycle, ${f.runs.length.toLocaleString()} runs on ${hosts} hosts`, vsTarget(quantile(b.cycles, 0.95), { atMost: 1000 }, " ms"));
    const fleetCpuPerS = b.cpu / b.wall;
    print("fleet split: 3 workers' CPU together, % of one core", `${(100 * fleetCpuPerS).toFixed(1)} %`);
    const ratio = fleetCpuPerS / (5 * oneCpuPerS);
    print(`fleet split: total CPU / (5 x one worker for ${baseRuns.length} runs)`, `${ratio.toFixed(2)} (target <= 1.00; ${ratio <= 1 ? "PASS" : "MISS"})`);
    const perPoll = b.cpu / Math.max(1, b.polls) / oneCpuPerPoll;
    print("fleet split: CPU per run poll, 3 workers / 1 worker", `${perPoll.toFixed(2)} (${(1000 * b.cpu / Math.max(1, b.polls)).toFixed(2)} ms; ${b.polls} polls in ${b.wall.toFixed(0)} s; target <= 1.00; ${perPoll <= 1 ? "PASS" : "MISS"})`);

    // Kill one worker: how long until each of its runs is polled (a new step stored) again.
    const victim = ws[0]!;
    const heldBy = await prisma.hostLease.findMany({ where: { workerId: victim.id }, select: { hostId: true } });
    const vHosts = new Set(heldBy.map((l) => l.hostId));
    const vRuns = f.runs.filter((r) => vHosts.has(f.hostIds[Math.floor(f.runs.indexOf(r) / 10)]!));
    const at = new Map((await prisma.run.findMany({ where: { id: { in: vRuns.map((r) => r.id) } }, select: { id: true, lastStep: true } })).map((r) => [r.id, r.lastStep ?? 0]));
    victim.child.kill("SIGKILL");
    const k0 = performance.now();
    const back = new Map<string, number>();
    // Bounded: on a starved machine the figure is "not all within 30 s", printed, not an exception.
    const all = await until("the killed worker's runs polled again", async () => {
      const rows = await prisma.run.findMany({ where: { id: { in: vRuns.filter((r) => !back.has(r.id)).map((r) => r.id) } }, select: { id: true, lastStep: true } });
      // +1: a step written after the kill, so it was read by a survivor, not committed by the victim.
      for (const r of rows) if ((r.lastStep ?? 0) > at.get(r.id)! + 1) back.set(r.id, ms(k0));
      return back.size === vRuns.length;
    }, 30_000, 100).catch(() => false);
    const times = [...back.values()];
    const lease = await prisma.hostLease.count({ where: { hostId: { in: [...vHosts] }, workerId: { not: victim.id }, expiresAt: { gt: new Date() } } });
    print(`fleet split: SIGKILL 1 worker: its ${vHosts.size} hosts re-leased by the others`, `${lease} / ${vHosts.size}`);
    print(`fleet split: SIGKILL 1 worker (${vRuns.length} runs on ${vHosts.size} hosts): re-polled median / max`, all
      ? `${(median(times) / 1000).toFixed(1)} s / ${vsTarget(Math.max(...times) / 1000, { atMost: 10 }, " s")}`
      : `only ${times.length} of ${vRuns.length} within 30 s (MISS)`);
  } finally {
    if (writer) clearInterval(writer);
    for (const w of procs) w.child.kill("SIGKILL");
    await prisma.workerHeartbeat.deleteMany({ where: { pid: { in: procs.map((w) => w.pid) } } });
    if (fleet) await fleet.stop();
  }
}
