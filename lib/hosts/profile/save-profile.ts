// Saves a new version of a host's runtime profile (audited; secret env values never in the audit
// text), then probes the host through it so the hosts page shows at once whether LF starts.
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { ZProfileInput, type TProfileInput } from "@/lib/hosts/profile/profile-input";
import { getHostProfile, MASK, SECRET_ENV, toStoredProfile, type TStoredProfile } from "@/lib/hosts/profile/host-profile";
import { probeHostRuntime } from "@/lib/hosts/profile/probe-runtime";
import type { TRuntimeInfo } from "@/lib/hosts/profile/runtime-probe";

export type TSaveProfileResult = { profile: TStoredProfile; changed: boolean; runtime: TRuntimeInfo | null; probeError: string | null };

export async function saveHostProfile(o: { hostId: string; input: TProfileInput; userId: string | null; meta?: TAuditMeta; probe?: boolean }): Promise<TSaveProfileResult> {
  const parsed = ZProfileInput.safeParse(o.input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const field = i.path.map(String).join(".");
    throw new AppError("invalid", `${field}: ${i.message}`, field);
  }
  const input = parsed.data;
  const host = await prisma.host.findUnique({ where: { id: o.hostId }, select: { id: true, name: true } });
  if (!host) throw new AppError("not_found", "Host not found.", "hostId");
  const { profile: prev } = await getHostProfile(host.id);
  // A masked secret coming back from the form means "keep what is stored".
  for (const [k, v] of Object.entries(input.envVars)) {
    if (v === MASK) {
      if (prev?.envVars[k] === undefined) throw new AppError("invalid", `envVars.${k}: type the value (nothing is stored for it yet)`, `envVars.${k}`);
      input.envVars[k] = prev.envVars[k]!;
    }
  }
  const same = prev && prev.activation === input.activation && prev.lfDir === input.lfDir && prev.runsDir === input.runsDir && JSON.stringify(sortObj(prev.envVars)) === JSON.stringify(sortObj(input.envVars));
  let profile = prev!;
  if (!same) {
    const row = await prisma.$transaction(async (tx) => {
      const last = await tx.hostProfile.findFirst({ where: { hostId: host.id }, orderBy: { version: "desc" }, select: { version: true } });
      const version = (last?.version ?? 0) + 1;
      const created = await tx.hostProfile.create({
        data: { hostId: host.id, version, activation: input.activation, lfDir: input.lfDir, runsDir: input.runsDir, envVars: input.envVars as Prisma.InputJsonValue, message: input.message, createdById: o.userId },
      });
      await recordAudit({ actorId: o.userId, action: "host.profile.save", targetType: "host", targetId: host.id,
        data: { host: host.name, version, activation: input.activation, lfDir: input.lfDir, runsDir: input.runsDir, envVars: Object.keys(input.envVars).sort().map((k) => (SECRET_ENV.test(k) ? `${k}=${MASK}` : `${k}=${input.envVars[k]}`)), ...(input.message ? { message: input.message } : {}) }, ...o.meta }, tx);
      return created;
    });
    profile = toStoredProfile(row);
  }
  if (o.probe === false) return { profile, changed: !same, runtime: null, probeError: null };
  try {
    return { profile, changed: !same, runtime: await probeHostRuntime({ hostId: host.id }), probeError: null };
  } catch (e) {
    return { profile, changed: !same, runtime: null, probeError: (e as Error).message };
  }
}

function sortObj(o: Record<string, string>) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export const ZSaveProfileApi = z.object({ activation: z.string(), lfDir: z.string(), runsDir: z.string(), envVars: z.record(z.string(), z.string()).default({}), message: z.string().default("") });
