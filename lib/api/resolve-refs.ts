// API and CLI callers name things the way people do (a preset or host by name); ids work too.
// An id always wins over a name so a preset named like another's id cannot hijack it.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

export async function resolvePresetId(ref: string, field = "preset"): Promise<string> {
  const p = (await prisma.preset.findUnique({ where: { id: ref }, select: { id: true } }))
    ?? (await prisma.preset.findUnique({ where: { name: ref }, select: { id: true } }));
  if (!p) throw new AppError("not_found", `No preset with id or name "${ref.slice(0, 100)}".`, field);
  return p.id;
}

export async function resolvePresetVersionId(o: { preset: string; version?: number | undefined }): Promise<string> {
  const presetId = await resolvePresetId(o.preset);
  const v = await prisma.presetVersion.findFirst({
    where: { presetId, ...(o.version ? { version: o.version } : {}) },
    orderBy: { version: "desc" },
    select: { id: true, preset: { select: { archived: true, name: true } } },
  });
  if (!v) throw new AppError("not_found", o.version ? `Preset has no version ${o.version}.` : "Preset has no versions.", o.version ? "version" : "preset");
  if (v.preset.archived) throw new AppError("conflict", `Preset "${v.preset.name}" is archived; restore it to launch from it.`, "preset");
  return v.id;
}

export async function resolveHostId(ref: string, field = "host"): Promise<string> {
  const h = (await prisma.host.findUnique({ where: { id: ref }, select: { id: true, archived: true } }))
    ?? (await prisma.host.findUnique({ where: { name: ref }, select: { id: true, archived: true } }));
  if (!h || h.archived) throw new AppError("not_found", `No host with id or name "${ref.slice(0, 100)}".`, field);
  return h.id;
}

export async function resolveClusterId(ref: string, field = "cluster"): Promise<string> {
  const c = (await prisma.slurmCluster.findUnique({ where: { id: ref }, select: { id: true } }))
    ?? (await prisma.slurmCluster.findUnique({ where: { name: ref }, select: { id: true } }));
  if (!c) throw new AppError("not_found", `No Slurm cluster with id or name "${ref.slice(0, 100)}".`, field);
  return c.id;
}
