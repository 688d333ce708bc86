import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

export function runUrl(runId: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/runs/${runId}`;
}

export function compareUrl(runIds: string[]): string {
  return `${env().APP_URL.replace(/\/$/, "")}/compare?runs=${runIds.map(encodeURIComponent).join(",")}`;
}

/** "<preset> <MMDD-HHMMSS>", reduced to the run-name charset (letters, digits, space . _ + -). */
export async function defaultRunName(presetVersionId: string, now = new Date()): Promise<string> {
  const pv = await prisma.presetVersion.findUnique({ where: { id: presetVersionId }, select: { preset: { select: { name: true } } } });
  const base = (pv?.preset.name ?? "run").replace(/[^A-Za-z0-9 ._+-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 60) || "run";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${base} ${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

export function sweepUrl(sweepId: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/sweeps/${sweepId}`;
}
