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
