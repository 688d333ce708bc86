// What a queued run waits for, one entry per holding run: "GPUs 2, 3 held by X" rather than the
// same run named once per GPU (a 4-GPU run holding all four would be named four times).
import type { TQueuePosition } from "@/lib/runs/queue-position";

export type TGpuHolder = { runId: string; runName: string; gpus: number[] };

export function groupGpuHolders(waiting: TQueuePosition["waitingFor"]): TGpuHolder[] {
  const out: TGpuHolder[] = [];
  for (const w of waiting) {
    const h = out.find((x) => x.runId === w.runId);
    if (h) h.gpus.push(w.gpuIndex);
    else out.push({ runId: w.runId, runName: w.runName, gpus: [w.gpuIndex] });
  }
  return out;
}

/** "GPU 0" or "GPUs 2, 3". */
export function gpuLabel(gpus: number[]): string {
  return `${gpus.length === 1 ? "GPU" : "GPUs"} ${gpus.join(", ")}`;
}
