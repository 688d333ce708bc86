// Migration for rows written before secrets were sealed: preset versions and runs whose YAML still
// holds a secret in plain text get it masked and sealed. SQL cannot do it (the key is in the env), so
// the worker runs this at start; it is idempotent (a masked row has nothing left to seal) and each
// row is updated only if it is still the text that was read.
import { prisma } from "@/lib/db";
import { maskSecrets, openSecrets, sealSecrets } from "@/lib/presets/secrets";
import { createLogger } from "@/lib/logger";

const log = createLogger("SECRETS");

export async function sealExistingSecrets(): Promise<{ versions: number; runs: number }> {
  let versions = 0, runs = 0;
  for (const v of await prisma.presetVersion.findMany({ select: { id: true, yaml: true, secretsSealed: true } })) {
    let m: ReturnType<typeof maskSecrets>;
    try { m = maskSecrets(v.yaml); } catch { continue; } // unreadable old text: nothing we can safely splice
    if (Object.keys(m.secrets).length === 0) continue;
    const r = await prisma.presetVersion.updateMany({ where: { id: v.id, yaml: v.yaml },
      data: { yaml: m.masked, secretsSealed: sealSecrets({ ...openSecrets(v.secretsSealed), ...m.secrets }) } });
    versions += r.count;
  }
  for (const run of await prisma.run.findMany({ select: { id: true, configYaml: true, configSecretsSealed: true } })) {
    let m: ReturnType<typeof maskSecrets>;
    try { m = maskSecrets(run.configYaml); } catch { continue; }
    if (Object.keys(m.secrets).length === 0) continue;
    const r = await prisma.run.updateMany({ where: { id: run.id, configYaml: run.configYaml },
      data: { configYaml: m.masked, configSecretsSealed: sealSecrets({ ...openSecrets(run.configSecretsSealed), ...m.secrets }) } });
    runs += r.count;
  }
  if (versions || runs) log.info("sealed plain-text secrets", { versions, runs });
  return { versions, runs };
}
