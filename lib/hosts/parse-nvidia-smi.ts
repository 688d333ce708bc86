// Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu
// --format=csv,noheader,nounits`. Fields nvidia-smi cannot read come back as "[N/A]".
import { z } from "zod";

export const NVIDIA_SMI_QUERY =
  "nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits";

export const ZGpu = z.object({
  index: z.number().int().min(0),
  name: z.string().min(1),
  memoryTotalMiB: z.number().min(0),
  memoryUsedMiB: z.number().min(0),
  /** Percent; null when the driver reports [N/A] (e.g. MIG slices). */
  utilization: z.number().min(0).max(100).nullable(),
});
export type TGpu = z.infer<typeof ZGpu>;
export const ZGpuList = z.array(ZGpu);

function num(raw: string, what: string, lineNo: number, allowNa: boolean): number | null {
  const v = raw.trim();
  if (allowNa && /^\[?N\/A\]?$/i.test(v)) return null;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new Error(`nvidia-smi output line ${lineNo}: ${what} is "${v}", expected a number`);
  return Number(v);
}

export function parseNvidiaSmi(csv: string): TGpu[] {
  const lines = csv.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) throw new Error("nvidia-smi listed no GPUs");
  const gpus = lines.map((line, i) => {
    const n = i + 1;
    const cols = line.split(",").map((c) => c.trim());
    // GPU names never contain commas in practice, but join the middle just in case one does.
    if (cols.length < 5) throw new Error(`nvidia-smi output line ${n}: expected 5 comma-separated fields, got ${cols.length}: "${line.slice(0, 120)}"`);
    const [idx, ...rest] = cols;
    const util = rest.pop()!;
    const used = rest.pop()!;
    const total = rest.pop()!;
    const gpu = {
      index: num(idx!, "index", n, false),
      name: rest.join(", "),
      memoryTotalMiB: num(total, "memory.total", n, false),
      memoryUsedMiB: num(used, "memory.used", n, true) ?? 0,
      utilization: num(util, "utilization.gpu", n, true),
    };
    const r = ZGpu.safeParse(gpu);
    if (!r.success) throw new Error(`nvidia-smi output line ${n}: ${r.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`);
    return r.data;
  });
  const seen = new Set<number>();
  for (const g of gpus) {
    if (seen.has(g.index)) throw new Error(`nvidia-smi output lists GPU index ${g.index} twice`);
    seen.add(g.index);
  }
  return gpus.sort((a, b) => a.index - b.index);
}
