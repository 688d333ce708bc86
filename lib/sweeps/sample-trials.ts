// The trials of a sweep, computed once when it is created (and stored): grid search walks the
// cartesian product in key order, random search draws `budget` points from a seeded generator, so the
// same spec and seed always give the same trials.
import type { TParamSpec, TSweepSpec } from "@/lib/sweeps/spec";

export type TTrialParams = Record<string, number | string | boolean>;

/** mulberry32: tiny, fast and good enough to spread trials; the point is reproducibility. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three significant digits: 3.16e-4 reads better in YAML and tables than 3.1622776601683794e-4. */
export function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}

export function gridValues(p: TParamSpec): (number | string | boolean)[] {
  if (p.type === "list") return p.values;
  const n = p.count ?? 2;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const v = p.type === "log" ? Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min))) : p.min + t * (p.max - p.min);
    out.push(p.type === "range" && p.int ? Math.round(v) : tidy(v));
  }
  return [...new Set(out)];
}

export function drawValue(p: TParamSpec, rnd: () => number): number | string | boolean {
  const u = rnd();
  if (p.type === "list") return p.values[Math.min(p.values.length - 1, Math.floor(u * p.values.length))]!;
  if (p.type === "log") return tidy(Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min))));
  if (p.int) return Math.min(Math.floor(p.max), Math.floor(Math.ceil(p.min) + u * (Math.floor(p.max) - Math.ceil(p.min) + 1)));
  return tidy(p.min + u * (p.max - p.min));
}

export function sampleTrials(spec: Pick<TSweepSpec, "method" | "space" | "budget">, seed: number): TTrialParams[] {
  const keys = Object.keys(spec.space);
  if (spec.method === "grid") {
    let rows: TTrialParams[] = [{}];
    for (const k of keys) rows = rows.flatMap((r) => gridValues(spec.space[k]!).map((v) => ({ ...r, [k]: v })));
    return rows.slice(0, spec.budget);
  }
  const rnd = seededRandom(seed);
  return Array.from({ length: spec.budget }, () => Object.fromEntries(keys.map((k) => [k, drawValue(spec.space[k]!, rnd)])));
}
