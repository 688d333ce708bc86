// YAML import by name: creates the preset, or adds a version when it exists (what `ffloor presets
// import FILE` wants to be: re-importing an edited file versions it; re-importing the same bytes is a no-op).
import { prisma } from "@/lib/db";
import type { TAuditMeta } from "@/lib/audit/record-audit";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { openSecrets, prepareSecrets, sameSecrets } from "@/lib/presets/secrets";

export async function importPresetYaml(o: { name: string; yaml: string; message?: string | undefined; userId: string }, meta: TAuditMeta = {}): Promise<{ id: string; versionId: string; version: number; created: boolean; unchanged: boolean }> {
  const existing = await prisma.preset.findUnique({
    where: { name: o.name },
    select: { id: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, yaml: true, secretsSealed: true } } },
  });
  if (!existing) {
    const p = await createPreset({ name: o.name, yaml: o.yaml, userId: o.userId, message: o.message ?? "Imported" }, meta);
    return { ...p, created: true, unchanged: false };
  }
  const latest = existing.versions[0];
  // Stored text has its secrets masked: the same file imported again is the same masked text and secrets.
  const incoming = latest ? prepareSecrets(o.yaml, openSecrets(latest.secretsSealed)) : null;
  if (latest && incoming && latest.yaml === incoming.yaml && sameSecrets(openSecrets(latest.secretsSealed), incoming.secrets)) return { id: existing.id, versionId: latest.id, version: latest.version, created: false, unchanged: true };
  const v = await savePresetVersion({ presetId: existing.id, yaml: o.yaml, message: o.message ?? "Imported", userId: o.userId }, meta);
  return { id: existing.id, ...v, created: false, unchanged: false };
}
