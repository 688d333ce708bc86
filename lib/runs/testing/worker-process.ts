// A real worker process (`workers/index.ts`, as `npm run worker` starts it) for integration tests that
// kill it mid-flight. Its stdout and stderr go to a log file, so a failed test can be read afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Resolves once the worker logged "worker started" (tsx needs ~1.5 s to boot); rejects if it exits first.
 *  `onSpawn` gets the child at once, so a test can SIGKILL a worker that is still booting. */
export function startWorkerProcess(o: { log: string; env?: Record<string, string>; onSpawn?: (c: ChildProcess) => void }): Promise<ChildProcess> {
  const out = openSync(o.log, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ["ignore", "pipe", out] });
  o.onSpawn?.(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (c) => reject(new Error(`worker exited early (${c}); see ${o.log}`)));
    child.stdout!.on("data", (d: Buffer) => {
      writeSync(out, d);
      if (d.toString().includes('"worker started"')) resolve(child);
    });
  });
}

/** SIGKILLs the process (no cleanup of its own, as a crash) and waits until it is gone. */
export async function sigkill(c: ChildProcess | null): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  c.removeAllListeners("exit");
  const gone = new Promise((r) => c.once("exit", r));
  c.kill("SIGKILL");
  await gone;
}

/** Stops the worker as a deploy would (SIGTERM, its own cleanup), SIGKILL if it is not gone in 15 s. */
export async function stopWorkerProcess(w: ChildProcess | null): Promise<void> {
  if (!w || w.exitCode !== null) return;
  w.removeAllListeners("exit");
  const gone = new Promise((r) => w.once("exit", r));
  w.kill("SIGTERM");
  await Promise.race([gone, new Promise((r) => setTimeout(r, 15_000))]);
  if (w.exitCode === null) w.kill("SIGKILL");
}
