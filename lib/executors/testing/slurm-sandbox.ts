// Test-only: the real one-node Slurm of scripts/sandbox/slurm.sh (munged, slurmctld, slurmd; 4 GRES
// GPUs), started in a test file's before() and stopped in its after(), and a login-node sshd whose
// user's sessions see its SLURM_CONF.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(ROOT, "scripts/sandbox/slurm.sh");

let startedHere = false;

/** Starts Slurm unless it runs already (scripts/test.sh starts it once for the whole suite). */
export function slurmUp(): { conf: string } {
  let running = true;
  try {
    execFileSync("bash", [SCRIPT, "running"], { stdio: "ignore" });
  } catch {
    running = false;
  }
  execFileSync("bash", [SCRIPT, "up"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  startedHere = !running;
  return { conf: slurmConf() };
}

/** Stops what slurmUp started; a Slurm that was already up keeps running (its jobs of ours are cancelled by the tests). */
export function slurmDown(): void {
  if (startedHere) execFileSync("bash", [SCRIPT, "down"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  startedHere = false;
}

export function slurmConf(): string {
  return execFileSync("bash", [SCRIPT, "conf"], { encoding: "utf8" }).trim();
}

/** Runs a Slurm client command as root on this machine (the test's own view of the cluster). */
export function slurmCli(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", env: { ...process.env, SLURM_CONF: slurmConf() }, stdio: ["ignore", "pipe", "pipe"] });
}

export function startLoginSshd(o: { port: number; stepSeconds: number }): TThrowawaySshd {
  return startThrowawaySshd({ port: o.port, sim: { gpus: 4, stepSeconds: o.stepSeconds }, env: { SLURM_CONF: slurmConf() } });
}
