// The run detail API's `evaluation` object from the page's DTO (NaN/Infinity spelled as strings).
import { toJsonFloat } from "@/lib/metrics/store/float-text";
import type { TRunEvaluation } from "./get-run-evaluation";
import { storedNumber } from "./types";

const f = (v: number | null) => toJsonFloat(v);
const rec = (r: Record<string, number | null>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)]));
const stored = (r: Record<string, number | string> | null | undefined) => (r ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(storedNumber(v))])) : null);

export function apiEvaluation(e: TRunEvaluation | null) {
  return {
    evalResults: stored(e?.evaluation?.evalResults),
    predictResults: stored(e?.evaluation?.predictResults),
    scores: rec(e?.scores ?? {}),
    perDataset: (e?.perDataset ?? []).map((d) => ({ name: d.name, loss: f(d.loss), accuracy: f(d.accuracy) })),
    evalAccuracy: e?.accuracyCurve ? e.accuracyCurve.map(([s, v]) => [s, f(v)] as [number, ReturnType<typeof f>]) : null,
    predictions: e?.evaluation?.predictions ? { lines: e.evaluation.predictions.lines, stored: e.evaluation.predictions.stored, errors: e.evaluation.predictions.errors } : null,
    errors: e?.evaluation?.errors ?? [],
    evaluates: e?.evaluates ?? null,
    evaluations: (e?.evaluations ?? []).map((x) => ({ ...x, scores: rec(x.scores) })),
  };
}
