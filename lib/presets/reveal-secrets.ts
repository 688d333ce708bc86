// An explicit "reveal": the saved text of one version with its secret values back in place. Only
// callers with OPERATOR or more reach it (the action checks); the audit row names the keys shown.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { openSecrets, revealSecrets } from "@/lib/presets/secrets";

export async function revealPresetSecrets(o: { presetId: string; version: number; userId: string | null }, meta: TAuditMeta = {}): Promise<{ yaml: string; keys: string[] }> {
  const v = await prisma.presetVersion.findUnique({ where: { presetId_version: { presetId: o.presetId, version: o.version } }, select: { yaml: true, secretsSealed: true } });
  if (!v) throw new AppError("not_found", `No version ${o.version}.`, "version");
  const secrets = openSecrets(v.secretsSealed);
  const keys = Object.keys(secrets).sort();
  await recordAudit({ actorId: o.userId, action: "preset.reveal_secrets", targetType: "preset", targetId: o.presetId, data: { version: o.version, keys }, ...meta });
  return { yaml: revealSecrets(v.yaml, secrets), keys };
}
