// Registers a Slurm cluster: reads the partition's nodes with sinfo over the pinned login connection
// (GPUs per node from its GRES), then the login node becomes a host row (sealed key, runtime profile,
// probe) and the cluster row points at it. Audited as slurm.create.
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { connectSsh } from "@/lib/ssh/connect";
import { sshErrorToAppError } from "@/lib/hosts/ssh-error-to-app-error";
import { createHost } from "@/lib/hosts/create-host";
import type { TProfileInput } from "@/lib/hosts/profile/profile-input";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { parseSinfo, sinfoCommand } from "@/lib/executors/slurm/commands";
import { ZClusterInput } from "@/lib/slurm/cluster-input";

export const ZCreateCluster = ZClusterInput.extend({ userId: z.string().min(1).nullable() });

export type TClusterDto = {
  id: string; name: string; partition: string; account: string | null; qos: string | null; timeLimitMin: number;
  gpusPerNode: number; nodeCount: number; lastError: string | null;
  loginHost: { id: string; name: string; address: string; port: number; username: string; status: "ONLINE" | "UNREACHABLE" };
  activeRuns: number;
};

/** sinfo on the login node: the partition's nodes and the most GPUs one of them offers. */
export async function readPartition(o: { address: string; port: number; username: string; privateKey: string; expectedFingerprint: string; partition: string }): Promise<{ gpusPerNode: number; nodeCount: number; states: string[] }> {
  let conn;
  try {
    conn = await connectSsh({ ...o, timeoutMs: 10_000 });
  } catch (e) {
    throw sshErrorToAppError(e);
  }
  try {
    const r = await conn.exec(sinfoCommand(o.partition), { timeoutMs: 20_000 });
    if (r.code !== 0) throw new AppError("invalid", `sinfo on the login node failed (exit ${r.code}): ${(r.stdout + r.stderr).trim().slice(0, 300)}`, "partition");
    const { nodes } = parseSinfo(r.stdout);
    if (nodes.length === 0) throw new AppError("invalid", `Partition ${o.partition} has no nodes (sinfo -p ${o.partition} lists none).`, "partition");
    const gpusPerNode = Math.max(...nodes.map((n) => n.gpus));
    if (gpusPerNode < 1) throw new AppError("invalid", `No node of partition ${o.partition} offers a gpu GRES (sinfo shows ${nodes.map((n) => n.name).join(", ")} without gpu:N).`, "partition");
    return { gpusPerNode, nodeCount: nodes.length, states: nodes.map((n) => `${n.name}: ${n.state}`) };
  } finally {
    conn.close();
  }
}

export async function createCluster(raw: z.input<typeof ZCreateCluster>, meta: TAuditMeta = {}, opts: { profile?: TProfileInput } = {}): Promise<TClusterDto> {
  const input = ZCreateCluster.parse(raw);
  if (await prisma.slurmCluster.findUnique({ where: { name: input.name }, select: { id: true } }))
    throw new AppError("conflict", `A Slurm cluster named "${input.name}" already exists.`, "name");
  const part = await readPartition({ ...input, expectedFingerprint: input.hostKeyFingerprint });
  const loginName = `${input.name.slice(0, 56)}-login`;
  const host = await createHost(
    { name: loginName, address: input.address, port: input.port, username: input.username, privateKey: input.privateKey, hostKeyFingerprint: input.hostKeyFingerprint, userId: input.userId },
    { ...(meta.ip ? { ip: meta.ip } : {}), ...(meta.userAgent ? { userAgent: meta.userAgent } : {}) },
    { loginNode: true, ...(opts.profile ? { profile: opts.profile } : {}) },
  );
  try {
    const c = await prisma.$transaction(async (tx) => {
      const row = await tx.slurmCluster.create({
        data: { name: input.name, loginHostId: host.id, partition: input.partition, account: input.account ?? null, qos: input.qos ?? null, timeLimitMin: input.timeLimitMin, gpusPerNode: part.gpusPerNode, nodeCount: part.nodeCount },
      });
      await recordAudit({ actorId: input.userId, action: "slurm.create", targetType: "slurm_cluster", targetId: row.id, data: { name: input.name, loginHost: loginName, partition: input.partition, gpusPerNode: part.gpusPerNode, nodes: part.nodeCount }, ...meta }, tx);
      return row;
    });
    return (await getCluster(c.id))!;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("conflict", `A Slurm cluster named "${input.name}" already exists.`, "name");
    throw e;
  }
}

const INCLUDE = { loginHost: { select: { id: true, name: true, address: true, port: true, username: true, status: true } } } as const;
type TRow = Prisma.SlurmClusterGetPayload<{ include: typeof INCLUDE }>;

async function toDto(rows: TRow[]): Promise<TClusterDto[]> {
  const counts = await prisma.run.groupBy({ by: ["slurmClusterId"], where: { slurmClusterId: { in: rows.map((r) => r.id) }, status: { in: ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] } }, _count: { _all: true } });
  const n = new Map(counts.map((c) => [c.slurmClusterId, c._count._all]));
  return rows.map((r) => ({
    id: r.id, name: r.name, partition: r.partition, account: r.account, qos: r.qos, timeLimitMin: r.timeLimitMin, gpusPerNode: r.gpusPerNode,
    nodeCount: r.nodeCount, lastError: r.lastError, loginHost: { ...r.loginHost, status: r.loginHost.status }, activeRuns: n.get(r.id) ?? 0,
  }));
}

/** Clusters whose login node is archived are gone with it, as archived hosts are (not listed, not launchable). */
export async function listClusters(): Promise<TClusterDto[]> {
  return toDto(await prisma.slurmCluster.findMany({ where: { loginHost: { archived: false } }, orderBy: { name: "asc" }, include: INCLUDE }));
}

export async function getCluster(id: string): Promise<TClusterDto | null> {
  const r = await prisma.slurmCluster.findUnique({ where: { id }, include: INCLUDE });
  return r ? (await toDto([r]))[0]! : null;
}
