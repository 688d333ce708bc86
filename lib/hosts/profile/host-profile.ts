// A host's current runtime profile (newest version) and its last runtime probe. Import and adopt
// (lib/runs import code) use getHostProfile to find the LF checkout and the runs folder on a host.
import { prisma } from "@/lib/db";
import { ZEnvVars, type TProfile } from "@/lib/hosts/profile/profile-input";
import { ZRuntimeInfo, type TRuntimeInfo } from "@/lib/hosts/profile/runtime-probe";

export type TStoredProfile = TProfile & { id: string; version: number; createdAt: Date; createdById: string | null };

/** Secret-looking env values (tokens, keys, passwords) are never sent to a page, an export or the audit log. */
export const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;
export const MASK = "••••••";

export function toStoredProfile(row: { id: string; version: number; activation: string; lfDir: string; runsDir: string; envVars: unknown; message: string; createdAt: Date; createdById: string | null }): TStoredProfile {
  return { id: row.id, version: row.version, activation: row.activation, lfDir: row.lfDir, runsDir: row.runsDir, envVars: ZEnvVars.safeParse(row.envVars).data ?? {}, message: row.message, createdAt: row.createdAt, createdById: row.createdById };
}

export function parseRuntime(v: unknown): TRuntimeInfo | null {
  const r = ZRuntimeInfo.safeParse(v);
  return r.success ? r.data : null;
}

export async function getHostProfile(hostId: string): Promise<{ profile: TStoredProfile | null; runtime: TRuntimeInfo | null }> {
  const h = await prisma.host.findUnique({ where: { id: hostId }, select: { runtime: true, profiles: { orderBy: { version: "desc" }, take: 1 } } });
  if (!h) return { profile: null, runtime: null };
  const row = h.profiles[0];
  return { profile: row ? toStoredProfile(row) : null, runtime: parseRuntime(h.runtime) };
}

/** The runtime probe result only counts for the profile version it was taken with. */
export function currentRuntime(profile: TStoredProfile | null, runtime: TRuntimeInfo | null): TRuntimeInfo | null {
  return profile && runtime && runtime.profileVersion === profile.version ? runtime : null;
}

export function maskEnv(vars: Record<string, string>): { name: string; value: string; secret: boolean }[] {
  return Object.keys(vars).sort().map((name) => (SECRET_ENV.test(name) ? { name, value: MASK, secret: true } : { name, value: vars[name]!, secret: false }));
}
