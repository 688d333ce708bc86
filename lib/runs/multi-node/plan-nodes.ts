// The other nodes of a multi-node launch, checked before anything is queued: each is a live SSH host
// (not rank 0's, not twice, not a Slurm login node) with the same GPU count as rank 0 (torchrun's
// static rendezvous gives every node the same nproc_per_node), its own runtime profile and a passing
// preflight (datasets and paths live on each node), and every node reaches rank 0's master port.
import path from "node:path";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZGpuList } from "@/lib/hosts/parse-nvidia-smi";
import { currentRuntime, getHostProfile } from "@/lib/hosts/profile/host-profile";
import { runPreflight } from "@/lib/runs/preflight/run-preflight";
import type { TFieldError } from "@/lib/runs/preflight/plan";
import { checkMasterPort } from "@/lib/runs/multi-node/master-port-check";
import { ZDistEnv } from "@/lib/runs/multi-node/dist-env";

export const DEFAULT_MASTER_PORT = 29500;
export const ZExtraNodes = z.array(z.object({
  hostId: z.string().min(1, "pick a host").max(64),
  gpuIndices: z.array(z.number().int().min(0).max(63)).min(1, "pick at least one GPU").max(64),
})).max(15, "at most 16 nodes");

export type TPlannedNode = { rank: number; hostId: string; gpuIndices: number[]; outputDir: string };
export type TNodePlan = { nodes: TPlannedNode[]; masterAddr: string; masterPort: number; warnings: TFieldError[] };

type THostRow = NonNullable<Awaited<ReturnType<typeof prisma.host.findUnique>>>;

export async function planNodes(o: {
  runId: string; rank0: { host: THostRow; gpuIndices: number[]; outputDir: string };
  extra: z.infer<typeof ZExtraNodes>; masterAddr?: string; masterPort?: number; config: Record<string, unknown>;
}): Promise<TNodePlan> {
  const errors: TFieldError[] = [];
  const warnings: TFieldError[] = [];
  const masterAddr = o.masterAddr ?? o.rank0.host.address;
  const masterPort = o.masterPort ?? DEFAULT_MASTER_PORT;
  const dist = ZDistEnv.safeParse({ nnodes: o.extra.length + 1, nodeRank: 0, masterAddr, masterPort });
  if (!dist.success) for (const i of dist.error.issues) errors.push({ field: i.path[0] === "masterAddr" ? "masterAddr" : "masterPort", message: i.message });
  const nodes: TPlannedNode[] = [{ rank: 0, hostId: o.rank0.host.id, gpuIndices: o.rank0.gpuIndices, outputDir: o.rank0.outputDir }];
  const hosts: THostRow[] = [];
  const seen = new Set([o.rank0.host.id]);
  for (const [i, n] of o.extra.entries()) {
    const field = `nodes.${i}`;
    const h = await prisma.host.findUnique({ where: { id: n.hostId } });
    if (!h || h.archived) { errors.push({ field: `${field}.hostId`, message: "host not found" }); continue; }
    if (seen.has(h.id)) { errors.push({ field: `${field}.hostId`, message: `${h.name} is already a node of this run` }); continue; }
    seen.add(h.id);
    if (await prisma.slurmCluster.findUnique({ where: { loginHostId: h.id }, select: { id: true } }))
      errors.push({ field: `${field}.hostId`, message: `${h.name} is a Slurm login node` });
    const gpus = [...new Set(n.gpuIndices)].sort((a, b) => a - b);
    const known = new Set((ZGpuList.safeParse(h.gpus).data ?? []).map((g) => g.index));
    const missing = gpus.filter((g) => !known.has(g));
    if (missing.length) errors.push({ field: `${field}.gpuIndices`, message: `host ${h.name} has no GPU ${missing.join(", ")}` });
    if (gpus.length !== o.rank0.gpuIndices.length)
      errors.push({ field: `${field}.gpuIndices`, message: `every node needs the same GPU count as node 0 (${o.rank0.gpuIndices.length}); ${h.name} has ${gpus.length} picked` });
    const { profile, runtime } = await getHostProfile(h.id);
    if (!profile) { errors.push({ field: `${field}.hostId`, message: `${h.name} has no runtime profile (Hosts page → Detect)` }); continue; }
    const pf = await runPreflight({ hostId: h.id, hostName: h.name, profile, config: o.config, gpuIndices: gpus });
    for (const e of pf.errors) errors.push({ field: `${field}.${e.field}`, message: `${h.name}: ${e.message}` });
    for (const w of pf.warnings) warnings.push({ field: `${field}.${w.field}`, message: `${h.name}: ${w.message}` });
    const probed = currentRuntime(profile, runtime);
    const runsDir = pf.runsDirAbs ?? (probed?.ok ? probed.runsDirAbs : null);
    if (!runsDir) { errors.push({ field: `${field}.hostId`, message: `${h.name} did not answer and its runs folder is unknown` }); continue; }
    nodes.push({ rank: i + 1, hostId: h.id, gpuIndices: gpus, outputDir: path.posix.join(runsDir, o.runId) });
    hosts.push(h);
  }
  if (!errors.length) {
    const check = await checkMasterPort({ master: o.rank0.host, others: hosts.map((h, i) => ({ rank: i + 1, host: h })), addr: masterAddr, port: masterPort })
      .catch((e: Error) => ({ ok: true as const, note: `the master port was not checked (${e.message}); the launch checks it again` }));
    if (!check.ok) errors.push({ field: check.field, message: check.message });
    else if (check.note) warnings.push({ field: "masterPort", message: check.note });
  }
  if (errors.length)
    throw new AppError("invalid", `Multi-node launch refused: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, errors[0]!.field, errors);
  return { nodes, masterAddr, masterPort, warnings };
}
