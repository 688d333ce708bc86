// Benchmarks of the live path: real sshd hosts on loopback (the integration tests' throwaway sshd),
// RUNNING run rows pointing at folders on them, and trainer_log.jsonl / console lines appended the way
// LLaMA-Factory writes them. The poller runs as its own process, exactly as in the crash tests.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, chownSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { seal } from "@/lib/crypto/secret-box";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type TFleetRun = { id: string; dir: string; step: number; log: string; console: string };
export type TFleet = { hosts: TThrowawaySshd[]; hostIds: string[]; runs: TFleetRun[]; stop(): Promise<void> };

export async function startFleet(o: { hosts: number; runsPerHost: number; firstPort: number; tag: string; bin?: Record<string, string> }): Promise<TFleet> {
  const hosts: TThrowawaySshd[] = [];
  const hostIds: string[] = [];
  const runs: TFleetRun[] = [];
  const stop = async () => {
    if (hostIds.length) {
      await prisma.run.deleteMany({ where: { hostId: { in: hostIds } } });
      await prisma.host.deleteMany({ where: { id: { in: hostIds } } });
    }
    for (const h of hosts) h.stop();
  };
  try {
    for (let h = 0; h < o.hosts; h++) {
      const sshd = startThrowawaySshd({ port: o.firstPort + h, bin: o.bin });
      hosts.push(sshd);
      const host = await prisma.host.create({
        data: { name: `${o.tag}-${h}-${Date.now()}`, address: sshd.address, port: sshd.port, username: sshd.username,
          privateKeyEnc: seal(sshd.privateKey, env().HOST_KEY_SECRET), hostKeyFingerprint: sshd.hostKeyFingerprint },
      });
      hostIds.push(host.id);
      const uid = statSync(sshd.home).uid;
      mkdirSync(path.join(sshd.home, "runs"), { recursive: true });
      chownSync(path.join(sshd.home, "runs"), uid, -1);
      for (let r = 0; r < o.runsPerHost; r++) {
        const dir = path.join(sshd.home, "runs", `r${r}`);
        mkdirSync(dir, { recursive: true });
        chownSync(dir, uid, -1);
        const row = await prisma.run.create({
          data: { name: `${o.tag}-${h}-${r}`, hostId: host.id, gpuIndices: [r % 8], configYaml: "save_steps: 500\nlogging_steps: 1\n",
            outputDir: dir, status: "RUNNING", remotePid: 4242, startedAt: new Date() },
        });
        runs.push({ id: row.id, dir, step: 0, log: path.join(dir, "trainer_log.jsonl"), console: path.join(dir, "console.log") });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { hosts, hostIds, runs, stop };
}

/** Appends one logging step: the LogCallback line and the Trainer's printed dict, as LLaMA-Factory does. */
export function appendStep(r: TFleetRun, total = 100_000): void {
  r.step++;
  const loss = +(2.5 * Math.exp(-r.step / 2000) + 0.6 + Math.random() * 0.05).toFixed(4);
  const epoch = +(r.step / 1000).toFixed(2);
  const lr = 5e-5 * (1 - r.step / total);
  appendFileSync(r.log, JSON.stringify({ current_steps: r.step, total_steps: total, loss, lr, epoch, percentage: +(100 * r.step / total).toFixed(2),
    elapsed_time: "0:01:00", remaining_time: "1:00:00", throughput: 3051.2, total_tokens: r.step * 4096 }) + "\n");
  appendFileSync(r.console, `{'loss': ${loss}, 'grad_norm': ${(0.5 + Math.random()).toFixed(4)}, 'learning_rate': ${lr}, 'epoch': ${epoch}}\n`);
}

export type TPollerProc = { child: ChildProcess; cycles: { ms: number; at: number }[]; cpuSeconds(): number; stop(): Promise<void> };

/** The poller as its own process (workers/poller/run-standalone.ts), reporting every cycle. */
export function spawnPoller(pollIntervalMs: number): TPollerProc {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/poller/run-standalone.ts", "--report-cycles"], {
    cwd: ROOT, env: { ...process.env, POLL_INTERVAL_MS: String(pollIntervalMs) }, stdio: ["ignore", "pipe", "inherit"],
  });
  const cycles: { ms: number; at: number }[] = [];
  let buf = "";
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const l of lines) {
      const m = /^cycle (\d+(?:\.\d+)?)/.exec(l);
      if (m) cycles.push({ ms: Number(m[1]), at: performance.now() });
    }
  });
  return {
    child, cycles,
    // utime + stime of the process, in seconds (clock ticks of 1/100 s on Linux).
    cpuSeconds() {
      const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    }),
  };
}
