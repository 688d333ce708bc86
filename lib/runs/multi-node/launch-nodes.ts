// The launch steps of a multi-node run on its ranks other than 0 (rank 0 is the run's own host, done
// by launch-run like any run): create the run folder, upload the YAML with that node's output_dir,
// then, before the start, check the master port and gather each node's runtime profile. Each step is
// safe to repeat: a retried launch redoes it and finds the same folders.
import path from "node:path";
import { getHostConnection } from "@/lib/ssh/host-pool";
import { SshError } from "@/lib/ssh/connect";
import { CONFIG_FILE, launchedCommand, mkdirCommand } from "@/lib/runs/remote-commands";
import { ExecutorFatalError } from "@/lib/executors/contract";
import type { TNodeTarget } from "@/lib/executors/multi-node-ssh-executor";
import { getHostProfile } from "@/lib/hosts/profile/host-profile";
import { withOutputDir } from "@/lib/runs/multi-node/node-yaml";
import { checkMasterPort } from "@/lib/runs/multi-node/master-port-check";
import { withoutDistVars } from "@/lib/runs/multi-node/dist-env";
import type { TRunWithHost } from "@/lib/runs/run-host";

const others = (run: TRunWithHost) => run.nodes.filter((n) => n.rank > 0);

export async function mkdirOnNodes(run: TRunWithHost): Promise<void> {
  for (const n of others(run)) {
    const r = await (await getHostConnection(n.host)).exec(mkdirCommand(n.outputDir), { timeoutMs: 20_000 });
    if (r.code !== 0) throw new ExecutorFatalError(`Could not create the run folder ${n.outputDir} on ${n.host.name} (node ${n.rank}): ${r.stderr.trim().slice(0, 300)}`);
  }
}

export async function uploadToNodes(run: TRunWithHost, yaml: string): Promise<void> {
  for (const n of others(run)) {
    try {
      await (await getHostConnection(n.host)).writeFile(path.posix.join(n.outputDir, CONFIG_FILE), withOutputDir(yaml, n.outputDir), 0o600);
    } catch (e) {
      if (e instanceof SshError) throw e;
      throw new ExecutorFatalError(`Could not upload config.yaml to ${n.outputDir} on ${n.host.name} (node ${n.rank}): ${(e as Error).message}`);
    }
  }
}

/** Checks the master port and returns each rank's profile plus the notes for the run's event log. */
export async function readyNodes(run: TRunWithHost, rank0Profile: NonNullable<TNodeTarget["profile"]>): Promise<{ profiles: Map<number, NonNullable<TNodeTarget["profile"]>>; notes: string[] }> {
  const profiles = new Map<number, NonNullable<TNodeTarget["profile"]>>([[0, rank0Profile]]);
  const notes: string[] = [];
  for (const n of others(run)) {
    const p = (await getHostProfile(n.hostId)).profile;
    if (!p) throw new ExecutorFatalError(`${n.host.name} (node ${n.rank}) has no runtime profile; set one on the Hosts page.`);
    profiles.set(n.rank, p);
  }
  for (const [rank, p] of profiles) {
    const { dropped } = withoutDistVars(p.envVars);
    const host = run.nodes.find((n) => n.rank === rank)?.host.name ?? run.host.name;
    if (dropped.length) notes.push(`${host}'s profile sets ${dropped.join(", ")}: not passed, node ${rank} gets the generated torchrun variables instead`);
  }
  // A retried launch whose rank 0 already started finds the port taken by its own torchrun: no check then.
  const lock = await (await getHostConnection(run.host)).exec(launchedCommand(run.outputDir), { timeoutMs: 10_000 });
  if (lock.stdout.trim() === "LAUNCHED") return { profiles, notes };
  const check = await checkMasterPort({ master: run.host, others: others(run).map((n) => ({ rank: n.rank, host: n.host })), addr: run.masterAddr!, port: run.masterPort! });
  if (!check.ok) throw new ExecutorFatalError(`${check.field}: ${check.message}`);
  if (check.note) notes.push(check.note);
  return { profiles, notes };
}
