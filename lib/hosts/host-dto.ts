// What pages and APIs get for a host. Built field by field so privateKeyEnc can never leak
// through a spread of the row.
import { ZGpuList, type TGpu } from "@/lib/hosts/parse-nvidia-smi";

export type THostDto = {
  id: string;
  name: string;
  address: string;
  port: number;
  username: string;
  hostKeyFingerprint: string;
  status: "ONLINE" | "UNREACHABLE";
  gpus: (TGpu & { busyRunId: string | null; busyRunName: string | null })[];
  lastSeenAt: Date | null;
  lastPolledAt: Date | null;
  lastError: string | null;
  archived: boolean;
  createdAt: Date;
};

type TRow = {
  id: string;
  name: string;
  address: string;
  port: number;
  username: string;
  hostKeyFingerprint: string;
  status: "ONLINE" | "UNREACHABLE";
  gpus: unknown;
  lastSeenAt: Date | null;
  lastPolledAt?: Date | null;
  lastError: string | null;
  archived: boolean;
  createdAt: Date;
  gpuLeases?: { gpuIndex: number; run: { id: string; name: string } }[];
};

export function toHostDto(h: TRow): THostDto {
  const parsed = ZGpuList.safeParse(h.gpus);
  const gpus = parsed.success ? parsed.data : [];
  const lease = new Map((h.gpuLeases ?? []).map((l) => [l.gpuIndex, l.run]));
  return {
    id: h.id,
    name: h.name,
    address: h.address,
    port: h.port,
    username: h.username,
    hostKeyFingerprint: h.hostKeyFingerprint,
    status: h.status,
    gpus: gpus.map((g) => ({ ...g, busyRunId: lease.get(g.index)?.id ?? null, busyRunName: lease.get(g.index)?.name ?? null })),
    lastSeenAt: h.lastSeenAt,
    lastPolledAt: h.lastPolledAt ?? null,
    lastError: h.lastError,
    archived: h.archived,
    createdAt: h.createdAt,
  };
}
