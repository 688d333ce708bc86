// `npm run bench executors`: the SSH executor and the Slurm executor side by side on this machine
// (a sandbox sshd GPU host; the real one-node Slurm of scripts/sandbox/slurm.sh behind a sandbox login
// sshd), and a 2-node SSH run (two sandbox hosts, torchrun rendezvous; submit includes the master-port check). submit-to-RUNNING: from the launch's submit (sbatch / setsid over SSH) until the engine reports
// the run running (polled every 25 ms). kill request to verified gone: requestStop(KILL) then the
// product's kill ladder (lib/runs/kill-run) until the engine's own proof (ps / scontrol), in-process.
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { createCluster } from "@/lib/slurm/create-cluster";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { requestStop } from "@/lib/runs/request-stop";
import { killRun } from "@/lib/runs/kill-run";
import { loadRunWithHost, multiOf } from "@/lib/runs/run-host";
import { executorFor, handleOf } from "@/lib/executors";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { startThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { slurmDown, slurmUp, startLoginSshd } from "@/lib/executors/testing/slurm-sandbox";
import { freePort, SIM_YAML } from "@/lib/runs/testing/run-fixtures";
import { median, ms, print, quantile } from "./report";

const N = 8;

type TTarget = { hostId: string } | { hostId: string; clusterId: string } | { hostId: string; nodes: { hostId: string; gpuIndices: number[] }[] };

async function sample(o: { tag: string; target: TTarget; presetVersionId: string }): Promise<{ submitMs: number; killMs: number }> {
  const multi = "nodes" in o.target ? { masterPort: await freePort() } : {};
  const { runId } = await createRun({ presetVersionId: o.presetVersionId, ...o.target, ...multi, gpuIndices: [0], name: `bench ${o.tag}`, userId: null, overrides: ["num_train_epochs=50"] });
  // An SSH run is QUEUED until its GPU lease; launchRun grants it. Slurm runs go straight to submit.
  const t0 = performance.now();
  const outcome = await launchRun({ runId });
  if (outcome !== "started") throw new Error(`launch ${outcome}`);
  const run = (await loadRunWithHost(runId))!;
  const ex = executorFor({ executor: run.executor, host: run.host, cluster: run.slurmCluster, multi: multiOf(run) });
  const h = handleOf(run)!;
  for (;;) {
    const s = (await ex.status([h])).get(runId);
    if (s?.phase === "running") break;
    if (s?.phase === "ended") throw new Error(`${o.tag}: ended before running (${s.native})`);
    if (ms(t0) > 60_000) throw new Error(`${o.tag}: not running after 60 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const submitMs = ms(t0);
  await new Promise((r) => setTimeout(r, 300)); // let it train a step
  const t1 = performance.now();
  await requestStop({ runId, userId: null, kind: "KILL" });
  for (let i = 0; ; i++) {
    try {
      if ((await killRun({ runId })) === "verified") break;
    } catch (e) {
      if (i > 5) throw e; // a retried ladder resumes from its persisted rung, as the stop job would
    }
  }
  return { submitMs, killMs: ms(t1) };
}

export async function benchExecutors(): Promise<void> {
  slurmUp();
  const a = startThrowawaySshd({ port: 23420, sim: { gpus: 1, stepSeconds: 0.25 } });
  const b = startLoginSshd({ port: 23421, stepSeconds: 0.25 });
  const c = startThrowawaySshd({ port: 23422, sim: { gpus: 1, stepSeconds: 0.25 } });
  const tag = `bx${process.pid}`;
  const host = await createHost({ name: `${tag}-ssh`, address: a.address, port: a.port, username: a.username, privateKey: a.privateKey, hostKeyFingerprint: a.hostKeyFingerprint, userId: null }, {}, { profile: a.profile! });
  const node1 = await createHost({ name: `${tag}-ssh-node1`, address: c.address, port: c.port, username: c.username, privateKey: c.privateKey, hostKeyFingerprint: c.hostKeyFingerprint, userId: null }, {}, { profile: c.profile! });
  const cluster = await createCluster({ name: `${tag}-slurm`, address: b.address, port: b.port, username: b.username, privateKey: b.privateKey, hostKeyFingerprint: b.hostKeyFingerprint,
    partition: "gpu", timeLimitMin: 30, userId: null }, {}, { profile: b.profile! });
  const preset = await prisma.preset.create({ data: { name: `${tag}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  const pv = preset.versions[0]!.id;
  try {
    const targets: [string, TTarget][] = [["SSH", { hostId: host.id }], ["Slurm", { hostId: "", clusterId: cluster.id }], ["SSH 2 nodes", { hostId: host.id, nodes: [{ hostId: node1.id, gpuIndices: [0] }] }]];
    for (const [name, target] of targets) {
      const s: { submitMs: number; killMs: number }[] = [];
      for (let i = 0; i < N; i++) s.push(await sample({ tag: `${name} ${i}`, target, presetVersionId: pv }));
      const sub = s.map((x) => x.submitMs), kill = s.map((x) => x.killMs);
      print(`executor ${name}: submit-to-RUNNING ms (n=${N})`, `median ${median(sub).toFixed(0)}, p95 ${quantile(sub, 0.95).toFixed(0)}`);
      print(`executor ${name}: kill request to verified gone ms (n=${N})`, `median ${median(kill).toFixed(0)}, p95 ${quantile(kill, 0.95).toFixed(0)}`);
    }
  } finally {
    await closeAllHostConnections();
    await closeQueues(); // requestStop enqueued stop jobs; no worker runs here, the ladder ran in-process
    await prisma.run.deleteMany({ where: { presetVersionId: pv } });
    await prisma.slurmCluster.delete({ where: { id: cluster.id } });
    await prisma.host.deleteMany({ where: { id: { in: [host.id, node1.id, cluster.loginHost.id] } } });
    await prisma.preset.delete({ where: { id: preset.id } });
    a.stop();
    b.stop();
    c.stop();
    slurmDown();
  }
}
