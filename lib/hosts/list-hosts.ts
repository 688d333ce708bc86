// Hosts for pages and APIs: DTOs only (no private key), with which run holds each GPU.
import { prisma } from "@/lib/db";
import { toHostDto, type THostDto } from "@/lib/hosts/host-dto";

const SELECT = {
  id: true,
  name: true,
  address: true,
  port: true,
  username: true,
  hostKeyFingerprint: true,
  status: true,
  gpus: true,
  lastSeenAt: true,
  lastPolledAt: true,
  lastError: true,
  archived: true,
  createdAt: true,
  gpuLeases: { select: { gpuIndex: true, run: { select: { id: true, name: true } } } },
  runtime: true,
  profiles: { orderBy: { version: "desc" }, take: 1 },
} as const;

export async function listHosts(opts: { includeArchived?: boolean } = {}): Promise<THostDto[]> {
  const rows = await prisma.host.findMany({
    where: opts.includeArchived ? {} : { archived: false },
    orderBy: { name: "asc" },
    select: SELECT,
  });
  return rows.map(toHostDto);
}

export async function getHost(opts: { hostId: string }): Promise<THostDto | null> {
  const row = await prisma.host.findUnique({ where: { id: opts.hostId }, select: SELECT });
  return row ? toHostDto(row) : null;
}
