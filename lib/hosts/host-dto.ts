// What pages and APIs get for a host. Built field by field so privateKeyEnc can never leak
// through a spread of the row.
import { ZGpuList, type TGpu } from "@/lib/hosts/parse-nvidia-smi";
import { currentRuntime, maskEnv, parseRuntime, toStoredProfile } from "@/lib/hosts/profile/host-profile";
import type { TRuntimeInfo } from "@/lib/hosts/profile/runtime-probe";

export type THostProfileDto = {
  version: number;
  activation: string;
  lfDir: string;
  runsDir: string;
  envVars: { name: string; value: string; secret: boolean }[];
  createdAt: Date;
};

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
  profile: THostProfileDto | null;
  /** Last runtime probe, only if taken with the current profile version. */
  runtime: TRuntimeInfo | null;
  /** A probe from an earlier profile version (shown as outdated). */
  staleRuntime: TRuntimeInfo | null;
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
  runtime?: unknown;
  profiles?: { id: string; version: number; activation: string; lfDir: string; runsDir: string; envVars: unknown; message: string; createdAt: Date; createdById: string | null }[];
};

export function toHostDto(h: TRow): THostDto {
  const parsed = ZGpuList.safeParse(h.gpus);
  const gpus = parsed.success ? parsed.data : [];
  const profile = h.profiles?.[0] ? toStoredProfile(h.profiles[0]) : null;
  const runtime = parseRuntime(h.runtime);
  const current = currentRuntime(profile, runtime);
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
    profile: profile ? { version: profile.version, activation: profile.activation, lfDir: profile.lfDir, runsDir: profile.runsDir, envVars: maskEnv(profile.envVars), createdAt: profile.createdAt } : null,
    runtime: current,
    staleRuntime: current ? null : runtime,
  };
}
