// A live stack for benchmarks that need the whole loop (request → queue → worker → SSH → host →
// Postgres): throwaway sandbox hosts (a real sshd each, with the LLaMA-Factory simulator, registered
// through setupRunFixture, the fixture the integration tests use) and the real worker process as a
// child. stop() undoes all of it; Ctrl-C/SIGTERM run stop() too, and a process exit that skipped it
// still kills the worker and the sshds (synchronously, in the "exit" hook).
// Use a database of your own: the worker serves every run of that database and its queue prefix.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { setupRunFixture, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";

export type TLiveHarnessOptions = {
  hosts?: number;
  gpusPerHost?: number;
  /** Simulated seconds per optimizer step (the simulator's pace). */
  stepSeconds?: number;
  /** The worker's log poll interval (POLL_INTERVAL_MS). */
  pollIntervalMs?: number;
  /** First sshd port to try; taken ports (in use, or claimed by another harness) are skipped. */
  basePort?: number;
};
export type TLiveHost = {
  id: string;
  name: string;
  port: number;
  /** The login user's home on the host; run output dirs are relative to it. */
  home: string;
  /** Runs a shell command on the host as its login user (same machine, no SSH) and returns stdout. */
  sh(cmd: string): string;
};
export type TLiveHarness = {
  hostIds: string[];
  hosts: TLiveHost[];
  presetVersionId: string;
  workerPid: number;
  workerLog: string;
  stop(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT_LOCKS = "/tmp/ff-bench-ports";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** mkdir is atomic: two harnesses started at once never pick the same port (and sandbox user). */
export async function claimPorts(n: number, base: number): Promise<number[]> {
  mkdirSync(PORT_LOCKS, { recursive: true });
  const got: number[] = [];
  for (let port = base; got.length < n && port < base + 200; port++) {
    const lock = path.join(PORT_LOCKS, String(port));
    try {
      mkdirSync(lock);
    } catch {
      const pidFile = path.join(lock, "pid");
      // No pid file yet = claimed a moment ago; only a dead holder's claim is taken over.
      const holder = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
      if (!holder || alive(holder)) continue;
      rmSync(lock, { recursive: true, force: true });
      try {
        mkdirSync(lock);
      } catch {
        continue;
      }
    }
    writeFileSync(path.join(lock, "pid"), String(process.pid));
    if (await portFree(port)) got.push(port);
    else rmSync(lock, { recursive: true, force: true });
  }
  if (got.length < n) {
    releasePorts(got);
    throw new Error(`live harness: no ${n} free ports in ${base}..${base + 199}`);
  }
  return got;
}

export function releasePorts(ports: number[]): void {
  for (const p of ports) rmSync(path.join(PORT_LOCKS, String(p)), { recursive: true, force: true });
}

/** Starts `workers/index.ts`; resolves once it logged "worker started" (tsx takes a few seconds). */
function startWorker(o: { pollIntervalMs: number; logFile: string }): Promise<ChildProcess> {
  const fd = openSync(o.logFile, "a");
  // Own process group: Ctrl-C reaches only us, and we stop the worker before the hosts under it.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, POLL_INTERVAL_MS: String(o.pollIntervalMs) },
    stdio: ["ignore", "pipe", fd],
    detached: true,
  });
  child.once("close", () => closeSync(fd)); // after the stdout pipe drained, not at "exit"
  return new Promise((resolve, reject) => {
    let seen = "";
    let started = false;
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s (log: ${o.logFile})`)), 60_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`worker exited during start (code ${code}; log: ${o.logFile})`));
    };
    child.once("exit", early);
    child.stdout!.on("data", (d: Buffer) => {
      writeSync(fd, d);
      if (started) return;
      seen = (seen + d.toString()).slice(-4096); // the marker may straddle two chunks
      if (seen.includes('"worker started"')) {
        started = true;
        clearTimeout(timer);
        child.off("exit", early);
        resolve(child);
      }
    });
  });
}

async function stopWorker(w: ChildProcess): Promise<void> {
  if (w.exitCode !== null || w.signalCode !== null) return;
  const gone = new Promise((r) => w.once("exit", r));
  w.kill("SIGTERM"); // ordered shutdown: in-flight jobs finish first (the worker caps it at 20 s)
  await Promise.race([gone, new Promise((r) => setTimeout(r, 25_000))]);
  if (w.exitCode === null && w.signalCode === null) {
    w.kill("SIGKILL");
    await gone;
  }
}

export async function startLiveHarness(o: TLiveHarnessOptions = {}): Promise<TLiveHarness> {
  env(); // fail here, with the field named, rather than in the worker's log
  const nHosts = o.hosts ?? 1;
  const ports = await claimPorts(nHosts, o.basePort ?? 22241);
  const fixtures: TRunFixture[] = [];
  let worker: ChildProcess | null = null;
  let stopping: Promise<void> | null = null;
  const workerLog = `/tmp/ff-bench-worker-${process.pid}.log`;

  const onExit = () => {
    // Last resort when stop() did not run to the end: no DB work is possible here, only signals.
    if (worker && worker.exitCode === null) worker.kill("SIGKILL");
    for (const f of fixtures) f.sshd.stop();
    releasePorts(ports);
  };
  // The handlers stay until stop() is done: npm and tsx pass on a second signal (SIGTERM) right
  // after Ctrl-C's SIGINT, and its default action would end us halfway through the cleanup.
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) return void process.stderr.write(`${sig}: still stopping the live harness…\n`);
    process.stderr.write(`\n${sig}: stopping the live harness (worker, sandbox hosts, their rows)…\n`);
    void stop().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (worker) await stopWorker(worker);
      await closeAllHostConnections();
      // Newest first; cleanup stops the sshd (and every process of its user) before deleting rows.
      for (const f of [...fixtures].reverse()) await f.cleanup().catch((e) => process.stderr.write(`live harness cleanup: ${(e as Error).message}\n`));
      await closeQueues();
      releasePorts(ports);
      process.off("exit", onExit);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    })());
  process.on("exit", onExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    for (const [i, port] of ports.entries()) {
      fixtures.push(await setupRunFixture({ port, gpus: o.gpusPerHost ?? 2, stepSeconds: o.stepSeconds ?? 0.25, tag: `bench${i}` }));
    }
    worker = await startWorker({ pollIntervalMs: o.pollIntervalMs ?? 1000, logFile: workerLog });
  } catch (e) {
    await stop();
    throw e;
  }
  const hosts: TLiveHost[] = [];
  for (const [i, f] of fixtures.entries()) {
    const { name } = await prisma.host.findUniqueOrThrow({ where: { id: f.hostId }, select: { name: true } });
    hosts.push({ id: f.hostId, name, port: ports[i]!, home: f.sshd.home, sh: f.sshd.sh });
  }
  return {
    hostIds: fixtures.map((f) => f.hostId),
    hosts,
    // Every fixture seeds the same simulator preset; the first one serves all hosts.
    presetVersionId: fixtures[0]!.presetVersionId,
    workerPid: worker.pid!,
    workerLog,
    stop,
  };
}
