// Test-only: the real one-node Slurm of scripts/sandbox/slurm.sh (munged, slurmctld, slurmd; 4 GRES
// GPUs), started in a test file's before() and stopped in its after(), and a login-node sshd whose
// user's sessions see its SLURM_CONF.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(ROOT, "scripts/sandbox/slurm.sh");

export function slurmUp(): { conf: string } {
  execFileSync("bash", [SCRIPT, "up"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  return { conf: slurmConf() };
}

export function slurmDown(): void {
  execFileSync("bash", [SCRIPT, "down"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
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
