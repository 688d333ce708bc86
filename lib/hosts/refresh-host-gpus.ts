// Re-reads a registered host's GPU inventory (pinned key) and records whether it answered.
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { open } from "@/lib/crypto/secret-box";
import { probeHost } from "@/lib/hosts/probe-host";
import { getHost } from "@/lib/hosts/list-hosts";
import type { THostDto } from "@/lib/hosts/host-dto";
import { probeHostRuntime } from "@/lib/hosts/profile/probe-runtime";

export async function refreshHostGpus(opts: { hostId: string }): Promise<THostDto> {
  const h = await prisma.host.findUnique({ where: { id: opts.hostId } });
  if (!h) throw new AppError("not_found", "Host not found.");
  try {
    const probe = await probeHost({
      address: h.address,
      port: h.port,
      username: h.username,
      privateKey: open(h.privateKeyEnc, env().HOST_KEY_SECRET),
      expectedFingerprint: h.hostKeyFingerprint,
    });
    await prisma.host.update({
      where: { id: h.id },
      data: { gpus: probe.gpus, status: "ONLINE", lastSeenAt: new Date(), lastError: null },
    });
  } catch (e) {
    await prisma.host.update({ where: { id: h.id }, data: { status: "UNREACHABLE", lastError: (e as Error).message.slice(0, 500) } });
    throw e;
  }
  // The runtime probe (LF through the profile) is part of a refresh; its failure is recorded on the
  // host (runtime.problem), not thrown: the GPUs answered.
  if (await prisma.hostProfile.count({ where: { hostId: h.id } })) {
    try {
      await probeHostRuntime({ hostId: h.id });
    } catch { /* host.runtime keeps the last result; lastError shows SSH trouble on the next GPU read */ }
  }
  return (await getHost({ hostId: h.id }))!;
}
