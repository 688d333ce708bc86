// A run's GPU samples for its utilisation and memory charts: one series per GPU, x in seconds since
// the first sample. A long run is averaged into at most ~maxPoints time buckets per GPU (peak
// memory kept as the bucket's max: an OOM margin must not be averaged away).
import { prisma } from "@/lib/db";

export type TGpuSeriesPoint = { t: number; util: number | null; memMiB: number };
export type TGpuSeries = { gpuIndex: number; memoryTotalMiB: number; points: TGpuSeriesPoint[] };
export type TRunGpuSamples = { startedAt: string | null; bucketS: number; gpus: TGpuSeries[] };

export async function getRunGpuSamples(o: { runId: string; maxPoints?: number }): Promise<TRunGpuSamples> {
  const maxPoints = o.maxPoints ?? 600;
  const span = await prisma.gpuSample.aggregate({ where: { runId: o.runId }, _min: { at: true }, _max: { at: true } });
  const t0 = span._min.at, t1 = span._max.at;
  if (!t0 || !t1) return { startedAt: null, bucketS: 0, gpus: [] };
  const bucketS = Math.max(1, Math.ceil((t1.getTime() - t0.getTime()) / 1000 / maxPoints));
  const rows = await prisma.$queryRaw<{ gpuIndex: number; b: number; util: number | null; mem: number; total: number }[]>`
    SELECT "gpuIndex", floor((EXTRACT(EPOCH FROM at)::float8 - ${t0.getTime() / 1000}) / ${bucketS})::int AS b,
           avg(utilization)::float8 AS util, max("memoryUsedMiB")::float8 AS mem, max("memoryTotalMiB")::float8 AS total
    FROM gpu_samples WHERE "runId" = ${o.runId}
    GROUP BY "gpuIndex", b ORDER BY "gpuIndex", b`;
  const byGpu = new Map<number, TGpuSeries>();
  for (const r of rows) {
    const s = byGpu.get(r.gpuIndex) ?? { gpuIndex: r.gpuIndex, memoryTotalMiB: 0, points: [] };
    s.memoryTotalMiB = Math.max(s.memoryTotalMiB, r.total);
    s.points.push({ t: r.b * bucketS, util: r.util === null ? null : Math.round(r.util * 10) / 10, memMiB: r.mem });
    byGpu.set(r.gpuIndex, s);
  }
  return { startedAt: t0.toISOString(), bucketS, gpus: [...byGpu.values()] };
}
