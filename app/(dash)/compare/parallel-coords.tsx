"use client";
// Parallel coordinates drawn as SVG: one vertical axis per chosen hyperparameter or outcome, one line per
// run. Drag along an axis to brush a range (runs outside turn grey and leave the tables below); click an
// axis without dragging to clear its brush. Axes, log flags and brushes are in the URL.
import { useEffect, useRef, useState } from "react";
import { columnLabel, parseColumnId } from "@/lib/runs-table/table-state";
import { position, valueAt, type TPcScale } from "@/lib/compare/pc-scale";
import type { TBrush, TCompareState } from "@/lib/compare/compare-state";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";
import { fmtTick } from "@/app/(dash)/runs/[id]/_charts/format-tick";

const H = 300, TOP = 44, BOTTOM = 24, PAD_X = 56;
const OUTCOMES = ["m:eval_loss:best", "m:loss:min", "loss", "eval_loss", "m:grad_norm:max", "m:throughput:best"];

/** 6 significant digits, rounded away from the range's inside (a brush never loses its edge runs). */
function roundOut(v: number, dir: "up" | "down"): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const p = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 5);
  return Number(((dir === "up" ? Math.ceil(v / p) : Math.floor(v / p)) * p).toPrecision(6));
}

function axisLabel(id: string): string {
  const c = parseColumnId(id);
  if (!c) return id;
  if (c.kind === "builtin") return c.name === "loss" ? "final loss" : "final eval loss";
  return columnLabel(c);
}

export function ParallelCoords(props: {
  runs: TCompareRun[]; colors: Map<string, string>; state: TCompareState; scales: Record<string, TPcScale>; passing: Set<string>;
  options: { hparams: string[]; differing: string[]; results: string[]; evals?: string[] };
  onChange: (patch: Partial<TCompareState>, reload: boolean) => void;
}) {
  const { state, scales } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [drag, setDrag] = useState<{ axis: string; y0: number; y1: number } | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.max(320, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const axes = state.pc;
  const gap = axes.length > 1 ? (width - 2 * PAD_X) / (axes.length - 1) : 0;
  const ax = (i: number) => (axes.length > 1 ? PAD_X + i * gap : width / 2);
  const yOf = (t: number) => TOP + (1 - t) * (H - TOP - BOTTOM);
  const tOf = (y: number) => Math.min(1, Math.max(0, 1 - (y - TOP) / (H - TOP - BOTTOM)));

  const brushOf = (a: string) => state.brush.find((b) => b.axis === a);
  const setBrush = (a: string, b: TBrush | null) => props.onChange({ brush: [...state.brush.filter((x) => x.axis !== a), ...(b ? [b] : [])] }, false);

  // The drag lives in a ref and on window listeners: pointer events can outrun React's re-render, so a
  // handler reading `drag` from its render's closure saw the press but not the move (the brush never set).
  const dragRef = useRef<{ axis: string; y0: number; y1: number; top: number } | null>(null);
  const setBrushRef = useRef(setBrush);
  setBrushRef.current = setBrush;
  const scalesRef = useRef(scales);
  scalesRef.current = scales;
  const onDown = (a: string, e: React.PointerEvent<SVGRectElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const top = e.currentTarget.ownerSVGElement!.getBoundingClientRect().top;
    const d = { axis: a, y0: e.clientY - top, y1: e.clientY - top, top };
    dragRef.current = d;
    setDrag({ axis: a, y0: d.y0, y1: d.y1 });
    const move = (ev: PointerEvent) => {
      const cur = dragRef.current;
      if (!cur) return;
      cur.y1 = ev.clientY - cur.top;
      setDrag({ axis: cur.axis, y0: cur.y0, y1: cur.y1 });
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
      const cur = dragRef.current;
      dragRef.current = null;
      setDrag(null);
      if (!cur) return;
      cur.y1 = ev.clientY - cur.top;
      const sc = scalesRef.current[cur.axis];
      if (!sc) return;
      if (Math.abs(cur.y1 - cur.y0) < 4) return setBrushRef.current(cur.axis, null);
      const [t0, t1] = [tOf(cur.y0), tOf(cur.y1)].sort((x, y) => x - y) as [number, number];
      // Rounded outward, so a brush reaching an axis end keeps the run sitting on it.
      const lo = t0 <= 0 && sc.kind === "num" ? sc.min : valueAt(sc, t0);
      const hi = t1 >= 1 && sc.kind === "num" ? sc.max : valueAt(sc, t1);
      setBrushRef.current(cur.axis, { axis: cur.axis, lo: roundOut(lo, "down"), hi: roundOut(hi, "up") });
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
  };

  const addable = [
    ...props.options.differing.map((k) => ({ id: `hp:${k}`, label: k, group: "differing hyperparameters" })),
    ...OUTCOMES.map((id) => ({ id, label: axisLabel(id), group: "outcomes" })),
    ...(props.options.evals ?? []).map((k) => ({ id: `ev:${k}`, label: k, group: "evaluation scores" })),
    ...props.options.results.map((k) => ({ id: `res:${k}`, label: k, group: "final results" })),
    ...props.options.hparams.filter((k) => !props.options.differing.includes(k)).map((k) => ({ id: `hp:${k}`, label: k, group: "other hyperparameters" })),
  ].filter((o) => !axes.includes(o.id));
  const groups = [...new Set(addable.map((o) => o.group))];

  const lines = props.runs.map((r) => {
    const pts = axes.map((a, i) => {
      const s = scales[a];
      const t = s ? position(s, r.axes[a] ?? null) : null;
      return t === null ? null : [ax(i), yOf(Math.min(1, Math.max(0, t)))] as const;
    });
    // A missing value breaks the line there instead of inventing a position.
    const d = pts.reduce((acc, p, i) => (p ? `${acc}${i > 0 && pts[i - 1] ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}` : acc), "");
    return { r, d, on: props.passing.has(r.id) };
  });

  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="parallel-coords">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Parallel coordinates</h3>
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          <span>Drag along an axis to brush; click it to clear.</span>
          <select className="ff-input w-auto py-0.5 text-xs" value="" aria-label="Add an axis" data-testid="pc-add"
            onChange={(e) => e.target.value && props.onChange({ pc: [...axes, e.target.value] }, true)}>
            <option value="">Add axis…</option>
            {groups.map((g) => <optgroup key={g} label={g}>{addable.filter((o) => o.group === g).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}</optgroup>)}
          </select>
        </div>
      </div>
      <div ref={box} className="w-full">
        {axes.length === 0 ? <p className="py-8 text-center text-sm text-zinc-500">Add an axis to draw the runs.</p> : (
          <svg width={width} height={H} className="block select-none text-zinc-500 dark:text-zinc-400" data-axes={axes.join(",")} data-brushed={props.passing.size}>
            {lines.filter((l) => !l.on).map((l) => (
              <path key={l.r.id} d={l.d} fill="none" stroke="currentColor" strokeOpacity={0.18} strokeWidth={1} />
            ))}
            {lines.filter((l) => l.on).map((l) => (
              <path key={l.r.id} d={l.d} fill="none" stroke={props.colors.get(l.r.id)} strokeWidth={1.6} strokeOpacity={0.9} data-run={l.r.id}>
                <title>{l.r.name}</title>
              </path>
            ))}
            {axes.map((a, i) => {
              const s = scales[a];
              const x = ax(i);
              const b = brushOf(a);
              const isLog = s?.kind === "num" && s.log;
              const canLog = s?.kind === "num" && s.min > 0;
              const bLo = b && s ? position(s, b.lo) : null, bHi = b && s ? position(s, b.hi) : null;
              const dragging = drag?.axis === a ? [drag.y0, drag.y1].sort((p, q) => p - q) : null;
              return (
                <g key={a} data-axis={a}>
                  <line x1={x} x2={x} y1={TOP} y2={H - BOTTOM} stroke="currentColor" strokeOpacity={0.6} />
                  <text x={x} y={12} textAnchor="middle" className="fill-zinc-800 text-[11px] font-medium dark:fill-zinc-200">{axisLabel(a).slice(0, 28)}</text>
                  <foreignObject x={x - 50} y={16} width={100} height={20}>
                    <div className="flex justify-center gap-1 text-[10px]">
                      {canLog && (
                        <button type="button" data-testid={`pc-log-${a}`} aria-pressed={isLog}
                          className={`rounded px-1 ${isLog ? "bg-accent-50 text-accent-700 dark:bg-accent-500/15 dark:text-accent-300" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
                          onClick={() => props.onChange({ pclog: state.pclog.includes(a) ? state.pclog.filter((x) => x !== a) : [...state.pclog, a] }, false)}>log</button>
                      )}
                      <button type="button" title="Remove this axis" className="rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                        onClick={() => props.onChange({ pc: axes.filter((x) => x !== a), pclog: state.pclog.filter((x) => x !== a), brush: state.brush.filter((x) => x.axis !== a) }, true)}>×</button>
                    </div>
                  </foreignObject>
                  {s?.kind === "num" && s.ticks.map((v) => {
                    const t = position(s, v);
                    return t === null || t < -0.001 || t > 1.001 ? null : (
                      <g key={v}>
                        <line x1={x - 3} x2={x} y1={yOf(t)} y2={yOf(t)} stroke="currentColor" />
                        <text x={x - 5} y={yOf(t) + 3} textAnchor="end" className="fill-current text-[10px]">{fmtTick(v)}</text>
                      </g>
                    );
                  })}
                  {s?.kind === "cat" && s.cats.map((c, ci) => {
                    const t = s.cats.length === 1 ? 0.5 : ci / (s.cats.length - 1);
                    return <text key={c} x={x - 5} y={yOf(t) + 3} textAnchor="end" className="fill-current text-[10px]">{c.slice(0, 14)}</text>;
                  })}
                  {bLo !== null && bHi !== null && (
                    <rect x={x - 7} width={14} y={yOf(Math.min(1, bHi))} height={Math.max(2, yOf(Math.max(0, bLo)) - yOf(Math.min(1, bHi)))}
                      className="fill-accent-500/25 stroke-accent-600" data-testid={`pc-brush-${a}`} />
                  )}
                  {dragging && <rect x={x - 7} width={14} y={dragging[0]} height={dragging[1]! - dragging[0]!} className="fill-accent-500/20" />}
                  <rect x={x - 12} width={24} y={TOP - 4} height={H - TOP - BOTTOM + 8} fill="transparent" className="cursor-crosshair"
                    data-testid={`pc-hit-${a}`} onPointerDown={(e) => onDown(a, e)} style={{ touchAction: "none" }} />
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </section>
  );
}
