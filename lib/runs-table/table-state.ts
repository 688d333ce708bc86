// The runs table's whole view (search, filters, sort, columns, page) as URL search params and back.
// Pure: the page, its 2 s poll, the export route and the REST API all read the same params.
// Unknown or malformed values are dropped rather than erroring, so a stale or hand-edited link still opens.
import { z } from "zod";
import { RunStatus } from "@/lib/generated/prisma/enums";

const STATUSES = Object.values(RunStatus) as string[];

/** Series the metric columns can summarise (metric_blocks has rollups for exactly these). */
export const METRIC_SERIES = ["loss", "eval_loss", "grad_norm", "learning_rate", "throughput"] as const;
export type TMetricSeries = (typeof METRIC_SERIES)[number];
export const METRIC_AGGS = ["best", "last", "min", "max"] as const;
export type TMetricAgg = (typeof METRIC_AGGS)[number];
/** Which way is better, for "best". learning_rate has no better direction: no best. */
export const BETTER: Record<TMetricSeries, "min" | "max" | null> = {
  loss: "min", eval_loss: "min", grad_norm: "min", learning_rate: null, throughput: "max",
};

export const BUILTIN_COLUMNS = ["host", "preset", "progress", "loss", "trend", "eval_loss", "verdict", "stop", "tags", "duration", "created"] as const;
export type TBuiltinColumn = (typeof BUILTIN_COLUMNS)[number];
export const DEFAULT_COLUMNS: TBuiltinColumn[] = ["host", "preset", "progress", "loss", "trend", "eval_loss", "verdict", "duration"];

/** Config keys and result keys: what LF writes (letters, digits, _ . - /); nothing that needs quoting in SQL text. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,79}$/;

export type TColumn =
  | { kind: "builtin"; id: string; name: TBuiltinColumn }
  | { kind: "hparam"; id: string; key: string }
  | { kind: "metric"; id: string; series: TMetricSeries; agg: TMetricAgg }
  | { kind: "result"; id: string; key: string }
  /** A score from LF's eval/predict outputs: the run's own, else its newest checkpoint evaluation's. */
  | { kind: "eval"; id: string; key: string };

/** `hp:learning_rate`, `m:eval_loss:best`, `res:eval_accuracy` (a final result), or a builtin name. */
export function parseColumnId(id: string): TColumn | null {
  if ((BUILTIN_COLUMNS as readonly string[]).includes(id)) return { kind: "builtin", id, name: id as TBuiltinColumn };
  const [pre, a, b, ...rest] = id.split(":");
  if (rest.length) return null;
  if (pre === "hp" && a && b === undefined && KEY.test(a)) return { kind: "hparam", id, key: a };
  if (pre === "res" && a && b === undefined && KEY.test(a)) return { kind: "result", id, key: a };
  if (pre === "ev" && a && b === undefined && KEY.test(a)) return { kind: "eval", id, key: a };
  if (pre === "m" && (METRIC_SERIES as readonly string[]).includes(a ?? "") && (METRIC_AGGS as readonly string[]).includes(b ?? "")) {
    const series = a as TMetricSeries;
    const agg = b as TMetricAgg;
    if (agg === "best" && BETTER[series] === null) return null;
    return { kind: "metric", id, series, agg };
  }
  return null;
}

export function columnLabel(c: TColumn): string {
  switch (c.kind) {
    case "builtin":
      return { host: "Host / GPUs", preset: "Preset", progress: "Progress", loss: "Loss", trend: "Trend", eval_loss: "Eval loss",
        verdict: "Verdict", stop: "Stop reason", tags: "Tags", duration: "Duration", created: "Created" }[c.name];
    case "hparam":
      return c.key;
    case "result":
      return c.key;
    case "eval":
      return `${c.key} (eval)`;
    case "metric":
      return `${c.series} (${c.agg})`;
  }
}

/** Columns a click on the header can sort by: everything with one scalar per run. */
export const SORTABLE_BUILTINS = new Set<string>(["name", "status", "host", "preset", "progress", "loss", "eval_loss", "verdict", "duration", "created"]);
export function isSortable(id: string): boolean {
  if (SORTABLE_BUILTINS.has(id)) return true;
  const c = parseColumnId(id);
  return !!c && c.kind !== "builtin";
}

const ZCsv = (max: number) => z.string().max(max).optional().catch(undefined);
const ZId = z.string().max(64).optional().catch(undefined);

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const ZTableState = z.object({
  q: z.string().max(200).optional().catch(undefined).transform((s) => s?.trim() || undefined),
  status: ZCsv(500).transform((s) => (s ?? "").split(",").filter((x) => STATUSES.includes(x)) as RunStatus[]),
  host: ZId,
  preset: ZId,
  user: ZId,
  tag: z.string().max(40).optional().catch(undefined).transform((s) => s?.trim() || undefined),
  verdict: z.string().max(40).optional().catch(undefined).transform((s) => s?.trim() || undefined),
  sort: z.string().max(100).optional().catch(undefined).transform((s) => (s && isSortable(s) ? s : "created")),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  cols: ZCsv(4000).transform((s) => {
    if (s === undefined) return [...DEFAULT_COLUMNS] as string[];
    const seen = new Set<string>();
    return s.split(",").filter((id) => id && parseColumnId(id) && !seen.has(id) && seen.add(id)).slice(0, 40);
  }),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  /** Page size; `limit` is the REST API's older name for it. */
  per: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
}).transform(({ per, limit, dir, ...s }) => ({
  ...s,
  // Newest first by default; metrics ascending (lower loss is better) unless the URL says otherwise.
  dir: dir ?? (s.sort === "created" || s.sort === "duration" || s.sort === "progress" ? "desc" : "asc") as "asc" | "desc",
  per: per ?? limit ?? 50,
}));
export type TTableState = z.output<typeof ZTableState>;

export function parseTableState(params: URLSearchParams | Record<string, string | string[] | undefined>): TTableState {
  const flat: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (flat[k] ??= v));
  else for (const [k, v] of Object.entries(params)) if (typeof v === "string") flat[k] = v;
  return ZTableState.parse(flat);
}

/** The canonical query string: defaults left out, so equal views have equal URLs. */
export function tableStateToQuery(s: Partial<TTableState>): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.status?.length) p.set("status", s.status.join(","));
  if (s.host) p.set("host", s.host);
  if (s.preset) p.set("preset", s.preset);
  if (s.user) p.set("user", s.user);
  if (s.tag) p.set("tag", s.tag);
  if (s.verdict) p.set("verdict", s.verdict);
  if (s.sort && s.sort !== "created") p.set("sort", s.sort);
  const defDir = !s.sort || s.sort === "created" || s.sort === "duration" || s.sort === "progress" ? "desc" : "asc";
  if (s.dir && s.dir !== defDir) p.set("dir", s.dir);
  if (s.cols && s.cols.join(",") !== DEFAULT_COLUMNS.join(",")) p.set("cols", s.cols.join(","));
  if (s.per && s.per !== 50) p.set("per", String(s.per));
  if (s.page && s.page > 1) p.set("page", String(s.page));
  return p.toString();
}

/** Clicking a header: a new column sorts in its natural direction, the same column flips. */
export function nextSort(s: Pick<TTableState, "sort" | "dir">, id: string): { sort: string; dir: "asc" | "desc" } {
  if (s.sort === id) return { sort: id, dir: s.dir === "asc" ? "desc" : "asc" };
  const dir = id === "created" || id === "duration" || id === "progress" || id === "m:throughput:best" ? "desc" : "asc";
  return { sort: id, dir };
}
