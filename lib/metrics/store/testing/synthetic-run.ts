// Test/bench only: a host + run row to hang metric points on, and a generator of realistic points.
// Rows are created through Prisma (no metric values involved) and removed by deleting the host's runs.
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import type { TParsedPoint } from "@/lib/logs/types";
import { toPoint } from "@/lib/logs/parse-trainer-log";

export async function createSyntheticHost(prefix = "synthetic"): Promise<string> {
  const h = await prisma.host.create({
    data: {
      name: `${prefix}-${randomBytes(4).toString("hex")}`, address: "127.0.0.1", port: 1, username: "nobody",
      privateKeyEnc: "unused", hostKeyFingerprint: "SHA256:unused", archived: true,
    },
  });
  return h.id;
}

export async function createSyntheticRun(hostId: string, o: { name?: string; status?: "RUNNING" | "SUCCEEDED"; outputDir?: string } = {}): Promise<string> {
  const r = await prisma.run.create({
    data: {
      name: o.name ?? `synthetic-${randomBytes(3).toString("hex")}`, hostId, gpuIndices: [0], configYaml: "learning_rate: 5.0e-5\n",
      outputDir: o.outputDir ?? "/nonexistent", status: o.status ?? "SUCCEEDED", startedAt: new Date(),
    },
  });
  return r.id;
}

export async function deleteSyntheticHost(hostId: string): Promise<void> {
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } }).catch(() => undefined);
}

/**
 * `n` train points (plus an eval every `evalEvery`) shaped like a real run: a decaying noisy loss,
 * warmup + cosine lr, optional non-finite tail. Offsets mimic ~230-byte lines.
 */
export function syntheticPoints(n: number, o: { evalEvery?: number; nanFrom?: number; segment?: number; startOffset?: number; startStep?: number } = {}): TParsedPoint[] {
  const out: TParsedPoint[] = [];
  const evalEvery = o.evalEvery ?? 50;
  let offset = o.startOffset ?? 0;
  let line = 0;
  const start = o.startStep ?? 1;
  const total = start + n - 1;
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const step = start + i;
    const t = step / total;
    const nan = o.nanFrom !== undefined && step >= o.nanFrom;
    const base = { segment: o.segment ?? 0, step, totalSteps: total, epoch: t * 3, lr: 5e-5 * Math.min(1, t * 20) * (0.5 + 0.5 * Math.cos(Math.PI * t)),
      throughput: 3000 + rnd() * 100, totalTokens: step * 2048, reward: null, accuracy: null, elapsedS: Math.round(step * 0.5), remainingS: Math.round((total - step) * 0.5) };
    out.push(toPoint({ ...base, kind: "TRAIN", loss: nan ? NaN : 2.5 * Math.exp(-3 * t) + 0.6 + (rnd() - 0.5) * 0.2,
      evalLoss: null, gradNorm: nan ? Infinity : 0.5 + rnd() }, offset, line++, base.segment));
    offset += 230;
    if (step % evalEvery === 0) {
      out.push(toPoint({ ...base, kind: "EVAL", loss: null, evalLoss: nan ? NaN : 2.6 * Math.exp(-3 * t) + 0.7, lr: null, gradNorm: null }, offset, line++, base.segment));
      offset += 200;
    }
  }
  return out;
}
