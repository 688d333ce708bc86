"use server";
// Hosts page actions. Results carry fingerprints and GPU lists only: the private key goes in,
// never comes back out.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestMeta } from "@/lib/auth/request-meta";
import { probeHost } from "@/lib/hosts/probe-host";
import { createHost } from "@/lib/hosts/create-host";
import { refreshHostGpus } from "@/lib/hosts/refresh-host-gpus";
import { ZFingerprint, ZHostInput } from "@/lib/hosts/host-input";
import type { TGpu } from "@/lib/hosts/parse-nvidia-smi";
import { AppError } from "@/lib/errors";
import { parseEnvLines } from "@/lib/hosts/profile/profile-input";
import { saveHostProfile } from "@/lib/hosts/profile/save-profile";
import { detectHostProfile } from "@/lib/hosts/profile/detect-host-profile";
import type { TDetected } from "@/lib/hosts/profile/detect-profile";
import { ZClusterInput } from "@/lib/slurm/cluster-input";
import { createCluster, readPartition } from "@/lib/slurm/create-cluster";

export const probeHostAction = authAction(
  { role: "ADMIN", schema: ZHostInput },
  async (input): Promise<{ fingerprint: string; gpus: TGpu[] }> => {
    const r = await probeHost({ address: input.address, port: input.port, username: input.username, privateKey: input.privateKey });
    return { fingerprint: r.fingerprint, gpus: r.gpus };
  },
);

export const createHostAction = authAction(
  { role: "ADMIN", audit: { action: "host.create", targetType: "host" }, schema: ZHostInput.extend({ hostKeyFingerprint: ZFingerprint }) },
  async (input, { user }): Promise<{ id: string; name: string; gpuCount: number }> => {
    const meta = await requestMeta();
    const h = await createHost({ ...input, userId: user.id }, { ip: meta.ip, userAgent: meta.userAgent ?? undefined });
    revalidatePath("/hosts");
    return { id: h.id, name: h.name, gpuCount: h.gpus.length };
  },
);

export const refreshHostAction = authAction(
  { role: "OPERATOR", audit: { action: "host.refresh", targetType: "host", targetId: inputField("hostId") }, schema: z.object({ hostId: z.string().min(1) }) },
  async ({ hostId }): Promise<{ gpuCount: number }> => {
    try {
      const h = await refreshHostGpus({ hostId });
      return { gpuCount: h.gpus.length };
    } finally {
      // Refresh records UNREACHABLE + lastError even when it throws; show that either way.
      revalidatePath("/hosts");
    }
  },
);

const ZProfileForm = z.object({
  hostId: z.string().min(1),
  activation: z.string().max(500),
  lfDir: z.string().max(500),
  runsDir: z.string().max(500),
  /** NAME=value lines, as typed. */
  envText: z.string().max(50_000),
  message: z.string().max(200).default(""),
});

export const saveHostProfileAction = authAction(
  { role: "ADMIN", audit: { action: "host.profile.save", targetType: "host", targetId: inputField("hostId") }, schema: ZProfileForm },
  async (input, { user, meta }): Promise<{ version: number; changed: boolean; ok: boolean; problem: string | null }> => {
    const env = parseEnvLines(input.envText);
    if (env.errors.length) throw new AppError("invalid", `envVars: ${env.errors.join("; ")}`, "envVars");
    try {
      const r = await saveHostProfile({ hostId: input.hostId, userId: user.id, meta,
        input: { activation: input.activation, lfDir: input.lfDir, runsDir: input.runsDir, envVars: env.vars, message: input.message } });
      return { version: r.profile.version, changed: r.changed, ok: r.runtime?.ok ?? false, problem: r.runtime?.problem ?? r.probeError };
    } finally {
      revalidatePath("/hosts");
    }
  },
);

export const detectHostProfileAction = authAction(
  { role: "ADMIN", schema: z.object({ hostId: z.string().min(1) }) },
  async ({ hostId }): Promise<{ candidates: TDetected[]; checkouts: string[] }> => detectHostProfile(hostId),
);

const ZClusterConnect = ZClusterInput.omit({ hostKeyFingerprint: true });

/** Step 1 of "Add a Slurm cluster": the login node's host key, then sinfo pinned to it. */
export const probeClusterAction = authAction(
  { role: "ADMIN", schema: ZClusterConnect },
  async (input): Promise<{ fingerprint: string; gpusPerNode: number; nodeCount: number; states: string[] }> => {
    const r = await probeHost({ address: input.address, port: input.port, username: input.username, privateKey: input.privateKey, skipGpus: true });
    const part = await readPartition({ ...input, expectedFingerprint: r.fingerprint });
    return { fingerprint: r.fingerprint, ...part };
  },
);

export const createClusterAction = authAction(
  { role: "ADMIN", audit: { action: "slurm.create", targetType: "slurm_cluster" }, schema: ZClusterInput },
  async (input, { user, meta }): Promise<{ id: string; name: string; gpusPerNode: number }> => {
    const c = await createCluster({ ...input, userId: user.id }, meta);
    revalidatePath("/hosts");
    return { id: c.id, name: c.name, gpusPerNode: c.gpusPerNode };
  },
);
