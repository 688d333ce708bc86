// The torchrun variables every node of a multi-node run gets (LF's launcher reads NNODES, NODE_RANK,
// MASTER_ADDR, MASTER_PORT; FORCE_TORCHRUN=1 makes it use torchrun even on one GPU per node). LF once
// read RANK for the node rank and renamed it NODE_RANK; a RANK left in a host profile would now be read
// by torch as the process rank, so the dashboard never passes it, and never lets a profile override the
// generated values.
import { z } from "zod";

export const ZDistEnv = z.object({
  nnodes: z.number().int().min(2).max(64),
  nodeRank: z.number().int().min(0).max(63),
  masterAddr: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/, "a host name or IP address"),
  masterPort: z.number().int().min(1024).max(65535),
}).refine((d) => d.nodeRank < d.nnodes, { message: "nodeRank must be below nnodes" });
export type TDistEnv = z.infer<typeof ZDistEnv>;

/** Variables the launch sets itself (or must never pass) on a multi-node run. */
export const DIST_RESERVED = ["NNODES", "NODE_RANK", "MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE", "LOCAL_RANK", "NPROC_PER_NODE"] as const;

export function distEnvVars(d: TDistEnv): Record<string, string> {
  const v = ZDistEnv.parse(d);
  return { NNODES: String(v.nnodes), NODE_RANK: String(v.nodeRank), MASTER_ADDR: v.masterAddr, MASTER_PORT: String(v.masterPort) };
}

/** A profile's env vars without the reserved names; `dropped` lists what was removed (for the run's event log). */
export function withoutDistVars(envVars: Record<string, string>): { envVars: Record<string, string>; dropped: string[] } {
  const reserved = new Set<string>(DIST_RESERVED);
  const out: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(envVars)) (reserved.has(k) ? dropped.push(k) : (out[k] = v));
  return { envVars: out, dropped };
}
