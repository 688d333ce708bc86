// Inline SVG: cheap enough for a hundred rows, and no chart library on the list page.
// Non-finite points are drawn as red marks on the top edge: they are what a user must not miss.
import type { TJsonFloat } from "@/lib/metrics/store/float-text";

export function Sparkline({ values, width = 96, height = 22, label }: { values: TJsonFloat[]; width?: number; height?: number; label?: string }) {
  if (values.length < 2) return <span className="inline-block text-xs text-zinc-400" style={{ width }} aria-hidden>{" "}</span>;
  const finite = values.filter((v): v is number => typeof v === "number");
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  const span = max - min || 1;
  const pad = 2;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1);
  const y = (v: number) => pad + (1 - (v - min) / span) * (height - 2 * pad);
  const segments: string[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (typeof v === "number") current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    else if (current) {
      segments.push(current);
      current = "";
    }
  });
  if (current) segments.push(current);
  const bad = values.flatMap((v, i) => (typeof v === "number" || v === null ? [] : [i]));
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? "loss trend"} className="overflow-visible">
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" strokeWidth={1.25} className="stroke-accent-500 dark:stroke-accent-400" strokeLinejoin="round" />
      ))}
      {bad.map((i) => (
        <rect key={i} x={x(i) - 1} y={0} width={2} height={5} className="fill-red-500" />
      ))}
    </svg>
  );
}
