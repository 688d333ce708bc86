"use client";
// The compare page's parallel-coordinates chart over this sweep's trials: the swept keys (log axes
// for log ranges) and the best eval loss. Brushing greys out trials here; "Open in compare" keeps going.
import { useMemo, useState } from "react";
import { ParallelCoords } from "@/app/(dash)/compare/parallel-coords";
import { buildScale, passesBrushes, type TPcScale } from "@/lib/compare/pc-scale";
import type { TCompareState } from "@/lib/compare/compare-state";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";

export function SweepPc(props: { runs: TCompareRun[]; colors: [string, string][]; initial: TCompareState }) {
  const [state, setState] = useState(props.initial);
  const colors = useMemo(() => new Map(props.colors), [props.colors]);
  const scales = useMemo(() => {
    const out: Record<string, TPcScale> = {};
    for (const a of state.pc) out[a] = buildScale(props.runs.map((r) => r.axes[a] ?? null), state.pclog.includes(a));
    return out;
  }, [props.runs, state.pc, state.pclog]);
  const passing = useMemo(() => new Set(props.runs.filter((r) => passesBrushes(r.axes, scales, state.brush)).map((r) => r.id)), [props.runs, scales, state.brush]);
  return (
    <ParallelCoords runs={props.runs} colors={colors} state={state} scales={scales} passing={passing}
      options={{ hparams: [], differing: [], results: [] }}
      onChange={(patch) => setState((s) => ({ ...s, ...patch, pc: patch.pc ? patch.pc.filter((a) => props.initial.pc.includes(a)) : s.pc }))} />
  );
}
