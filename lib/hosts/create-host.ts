// Registers a host after the user confirmed its fingerprint: probe again pinned to that key (so a
// swapped host between the two steps is caught), then one transaction for the row and its audit.
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { seal } from "@/lib/crypto/secret-box";
import { probeHost } from "@/lib/hosts/probe-host";
import { ZFingerprint, ZHostInput } from "@/lib/hosts/host-input";
import { toHostDto, type THostDto } from "@/lib/hosts/host-dto";
import { DEFAULT_PROFILE, type TProfileInput } from "@/lib/hosts/profile/profile-input";
import { saveHostProfile } from "@/lib/hosts/profile/save-profile";
import { getHost } from "@/lib/hosts/list-hosts";

export const ZCreateHost = ZHostInput.extend({ hostKeyFingerprint: ZFingerprint, userId: z.string().min(1).nullable() });
export type TCreateHostInput = z.input<typeof ZCreateHost>;

/**
 * `profile`: the runtime profile to start with (the seed and test fixtures pass what they installed);
 * without it the host gets the default (LF on the login PATH, ~/LLaMA-Factory) and the probe says
 * whether that starts LF. Either way version 1 is saved and probed.
 */
export async function createHost(raw: TCreateHostInput, meta: { ip?: string; userAgent?: string } = {}, opts: { profile?: TProfileInput; loginNode?: boolean } = {}): Promise<THostDto> {
  const input = ZCreateHost.parse(raw);
  const audit = (ok: boolean, targetId: string | null, data: Record<string, unknown>) => ({
    actorId: input.userId,
    action: "host.create",
    targetType: "host",
    targetId,
    ok,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    data: { name: input.name, address: input.address, port: input.port, ...data } as Prisma.InputJsonValue,
  });
  if (await prisma.host.findUnique({ where: { name: input.name }, select: { id: true } }))
    throw new AppError("conflict", `A host named "${input.name}" already exists.`, "name");
  let probe;
  try {
    probe = await probeHost({ ...input, expectedFingerprint: input.hostKeyFingerprint, skipGpus: opts.loginNode === true });
  } catch (e) {
    await prisma.auditEvent.create({ data: audit(false, null, { error: (e as Error).message }) });
    throw e;
  }
  try {
    const host = await prisma.$transaction(async (tx) => {
      const h = await tx.host.create({
        data: {
          name: input.name,
          address: input.address,
          port: input.port,
          username: input.username,
          privateKeyEnc: seal(input.privateKey, env().HOST_KEY_SECRET),
          hostKeyFingerprint: probe.fingerprint,
          gpus: probe.gpus,
          status: "ONLINE",
          lastSeenAt: new Date(),
        },
        include: { gpuLeases: { include: { run: { select: { id: true, name: true } } } } },
      });
      await tx.auditEvent.create({ data: audit(true, h.id, { fingerprint: probe.fingerprint, gpus: probe.gpus.length }) });
      return h;
    });
    await saveHostProfile({ hostId: host.id, input: opts.profile ?? DEFAULT_PROFILE, userId: input.userId, meta });
    return (await getHost({ hostId: host.id })) ?? toHostDto(host);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new AppError("conflict", `A host named "${input.name}" already exists.`, "name");
    throw e;
  }
}
