// The one place launch asks whether a run may pass keys LLaMA-Factory does not know: only a preset
// version whose author opted in (PresetVersion.allowExtraKeys) gets ALLOW_EXTRA_ARGS=1; every other
// run is refused at lint time instead, exactly as LF's HfArgumentParser would refuse it.
import { prisma } from "@/lib/db";

export const ALLOW_EXTRA_ARGS_ENV = "ALLOW_EXTRA_ARGS";

export async function presetVersionAllowsExtraKeys(presetVersionId: string | null | undefined): Promise<boolean> {
  if (!presetVersionId) return false;
  const v = await prisma.presetVersion.findUnique({ where: { id: presetVersionId }, select: { allowExtraKeys: true } });
  return v?.allowExtraKeys === true;
}

/** The env launch adds for a run of that version: `{ ALLOW_EXTRA_ARGS: "1" }` or nothing. */
export async function extraArgsEnv(presetVersionId: string | null | undefined): Promise<Record<string, string>> {
  return (await presetVersionAllowsExtraKeys(presetVersionId)) ? { [ALLOW_EXTRA_ARGS_ENV]: "1" } : {};
}
