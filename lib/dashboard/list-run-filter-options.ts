// Choices for the runs list filters: hosts, presets and users that actually have runs.
import { prisma } from "@/lib/db";

export type TFilterOption = { id: string; label: string };

export async function listRunFilterOptions(): Promise<{ hosts: TFilterOption[]; presets: TFilterOption[]; users: TFilterOption[] }> {
  const [hosts, presets, users] = await Promise.all([
    prisma.host.findMany({ where: { runs: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    prisma.preset.findMany({ where: { versions: { some: { runs: { some: {} } } } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    prisma.user.findMany({ where: { runs: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    hosts: hosts.map((h) => ({ id: h.id, label: h.name })),
    presets: presets.map((p) => ({ id: p.id, label: p.name })),
    users: users.map((u) => ({ id: u.id, label: u.name })),
  };
}
