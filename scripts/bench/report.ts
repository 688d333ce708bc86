// Shared printing for `npm run bench`: one aligned line per figure, with its issue target when it has one.
export const ms = (t0: number) => performance.now() - t0;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The q-quantile (0..1) by nearest rank. */
export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
export const print = (k: string, v: string) => process.stdout.write(`${k.padEnd(58)} ${v}\n`);
/** A figure against its issue target: "value (target >= t; ratio r, PASS|MISS)"; ratio > 1 is better. */
export function vsTarget(value: number, o: { atLeast?: number; atMost?: number }, unit = ""): string {
  const ratio = o.atLeast !== undefined ? value / o.atLeast : o.atMost! / Math.max(value, 1e-9);
  const t = o.atLeast !== undefined ? `>= ${o.atLeast.toLocaleString()}` : `<= ${o.atMost!.toLocaleString()}`;
  return `${Math.round(value).toLocaleString()}${unit} (target ${t}${unit}; ratio ${ratio.toFixed(2)}, ${ratio >= 1 ? "PASS" : "MISS"})`;
}
