// The compare page's whole view as URL params (pure): which runs, x axis, smoothing, hidden runs, zoom,
// per-chart log-y and outlier clipping, grouping (and which groups are expanded back into runs),
// the parallel-coordinates axes with their log flags and brushes, and the hyperparameter table's keys.
// A shared link opens the same view; malformed values are dropped, never an error page.
import { z } from "zod";
import { SERIES, type TSeriesName, type TXAxis } from "@/lib/metrics/store/series-types";
import { parseColumnId } from "@/lib/runs-table/table-state";

export const MAX_COMPARE = 50;
export const DEFAULT_SMOOTHING = 0.6;
/** The lr chart starts on a log axis: compared learning rates differ by orders of magnitude. */
export const DEFAULT_LOG_Y: TSeriesName[] = ["lr"];

export type TBrush = { axis: string; lo: number; hi: number };

export type TCompareState = {
  runs: string[];
  axis: TXAxis;
  smooth: number;
  hide: string[];
  zoom: { x0: number; x1: number } | null;
  logy: TSeriesName[];
  clip: TSeriesName[];
  /** `hp:<key>` or `tag`; null = every run on its own. */
  group: string | null;
  expand: string[];
  /** Parallel-coordinates axes: runs-table column ids (hp:*, m:*:*, res:*, loss, eval_loss). */
  pc: string[];
  pclog: string[];
  brush: TBrush[];
  /** Hyperparameter table: every key, not only those that differ. */
  allKeys: boolean;
};

const csv = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []);
const uniq = <T,>(xs: T[]) => [...new Set(xs)];
const isSeries = (x: string): x is TSeriesName => (SERIES as readonly string[]).includes(x);
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Group labels are hyperparameter values as text: printable, bounded. */
const LABEL = /^[^\u0000-\u001f,]{1,80}$/;

export function isPcAxis(id: string): boolean {
  const c = parseColumnId(id);
  return !!c && (c.kind !== "builtin" || c.name === "loss" || c.name === "eval_loss");
}

function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function parseCompareState(sp: Record<string, string | undefined>): TCompareState {
  const runs = uniq(csv(sp.runs).filter((x) => ID.test(x))).slice(0, MAX_COMPARE);
  const axis = z.enum(["step", "epoch", "wall"]).catch("step").parse(sp.axis);
  const s = num(sp.smooth);
  const x0 = num(sp.x0), x1 = num(sp.x1);
  const group = sp.group === "tag" || (sp.group?.startsWith("hp:") && parseColumnId(sp.group)?.kind === "hparam") ? sp.group : null;
  const brush: TBrush[] = [];
  for (const part of (sp.brush ?? "").split(";")) {
    const m = /^(.+):(-?[\d.eE+-]+):(-?[\d.eE+-]+)$/.exec(part);
    if (!m || !isPcAxis(m[1]!)) continue;
    const lo = Number(m[2]), hi = Number(m[3]);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && !brush.some((b) => b.axis === m[1])) brush.push({ axis: m[1]!, lo, hi });
  }
  const pc = uniq(csv(sp.pc).filter(isPcAxis)).slice(0, 12);
  return {
    runs,
    axis,
    smooth: s === null ? DEFAULT_SMOOTHING : Math.min(0.99, Math.max(0, s)),
    hide: uniq(csv(sp.hide).filter((x) => runs.includes(x))),
    zoom: x0 !== null && x1 !== null && x1 > x0 ? { x0, x1 } : null,
    logy: sp.logy === undefined ? [...DEFAULT_LOG_Y] : uniq(csv(sp.logy).filter(isSeries)),
    clip: uniq(csv(sp.clip).filter(isSeries)),
    group,
    expand: group ? uniq((sp.expand ?? "").split("|").filter((x) => LABEL.test(x))).slice(0, 50) : [],
    pc,
    pclog: uniq(csv(sp.pclog).filter((x) => pc.includes(x))),
    brush: brush.filter((b) => pc.includes(b.axis)),
    allKeys: sp.keys === "all",
  };
}

/** Canonical query: defaults left out, runs first (so the runs table's plain link stays `?runs=a,b`). */
export function compareStateToQuery(s: TCompareState): string {
  const p = new URLSearchParams();
  p.set("runs", s.runs.join(","));
  if (s.axis !== "step") p.set("axis", s.axis);
  if (s.smooth !== DEFAULT_SMOOTHING) p.set("smooth", String(s.smooth));
  if (s.hide.length) p.set("hide", s.hide.join(","));
  if (s.zoom) {
    p.set("x0", String(s.zoom.x0));
    p.set("x1", String(s.zoom.x1));
  }
  if ([...s.logy].sort().join(",") !== [...DEFAULT_LOG_Y].sort().join(",")) p.set("logy", s.logy.join(","));
  if (s.clip.length) p.set("clip", s.clip.join(","));
  if (s.group) p.set("group", s.group);
  if (s.group && s.expand.length) p.set("expand", s.expand.join("|"));
  if (s.pc.length) p.set("pc", s.pc.join(","));
  if (s.pclog.length) p.set("pclog", s.pclog.join(","));
  if (s.brush.length) p.set("brush", s.brush.map((b) => `${b.axis}:${b.lo}:${b.hi}`).join(";"));
  if (s.allKeys) p.set("keys", "all");
  // URLSearchParams encodes ',' and ':'; they are safe in a query and far easier to read unescaped.
  return p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
}

export function toggle<T>(xs: T[], x: T): T[] {
  return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x];
}
