// SQL for the runs table, built from its URL state (pure, so the builder is unit-tested).
// Every user value travels as a bind parameter; keys are validated by parseColumnId as well.
// Metric summaries come from metric_blocks (per-8 KiB rollups), never from raw points, so a
// "min loss" column costs a handful of block rows per run however long the run is.
import { BETTER, parseColumnId, type TColumn, type TMetricSeries, type TTableState } from "@/lib/runs-table/table-state";

export class SqlArgs {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const BLOCK: Record<TMetricSeries, { col: string; kind: "TRAIN" | "EVAL" }> = {
  loss: { col: "loss", kind: "TRAIN" },
  eval_loss: { col: "evalLoss", kind: "EVAL" },
  grad_norm: { col: "gradNorm", kind: "TRAIN" },
  learning_rate: { col: "lr", kind: "TRAIN" },
  throughput: { col: "throughput", kind: "TRAIN" },
};
const LAST_ON_RUN: Partial<Record<TMetricSeries, string>> = { loss: `r."lastLoss"`, eval_loss: `r."lastEvalLoss"`, throughput: `r."lastThroughput"` };

/** Escapes LIKE wildcards so a search for "lr_1e-4" means those characters. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type TJoin = { alias: string; sql: string };

/**
 * The SQL expression of one column's value, plus a lateral join it needs. Non-finite values follow
 * what the series holds: max is NaN if any point is NaN (Postgres orders NaN above every number),
 * else +Inf if any is; min is -Inf if any is; best ignores non-finite points (a NaN is never best)
 * unless the series has no finite point at all.
 */
export function columnExpr(c: TColumn, args: SqlArgs, n: number): { expr: string; join?: TJoin; raw?: string } {
  // jsonb-valued columns: `expr` is the number (for sorting), `raw` the stored value (for showing; strings sort by it too).
  if (c.kind === "hparam") {
    const raw = `r.hparams->${args.add(c.key)}`;
    return { expr: jsonScalar(raw), raw };
  }
  if (c.kind === "result") {
    const k = args.add(c.key);
    const raw = `COALESCE(r."finalMetrics"->'allResults'->${k}, r."finalMetrics"->'evalResults'->${k}, r."finalMetrics"->'predictResults'->${k})`;
    return { expr: jsonScalar(raw), raw };
  }
  if (c.kind === "eval") {
    const k = args.add(c.key);
    const own = (t: string) => `COALESCE(${t}.evaluation->'predictResults'->${k}, ${t}.evaluation->'evalResults'->${k})`;
    // The newest finished "Evaluate this checkpoint" run of this run (runs_evaluatesRunId_idx).
    const raw = `COALESCE(${own("r")}, (SELECT ${own("e")} FROM runs e WHERE e."evaluatesRunId" = r.id AND ${own("e")} IS NOT NULL
      ORDER BY e."finishedAt" DESC NULLS LAST, e.id DESC LIMIT 1))`;
    return { expr: jsonScalar(raw), raw };
  }
  if (c.kind === "metric") {
    const b = BLOCK[c.series];
    const a = `m${n}`;
    if (c.agg === "last") {
      const onRun = LAST_ON_RUN[c.series];
      if (onRun) return { expr: onRun };
      const col = c.series === "learning_rate" ? "lr" : "gradNorm";
      return {
        expr: `${a}.v`,
        join: { alias: a, sql: `LEFT JOIN LATERAL (SELECT p."${col}" AS v FROM metric_points p WHERE p."runId" = r.id AND p.kind = 'TRAIN'
          AND p."${col}" IS NOT NULL ORDER BY p."offset" DESC LIMIT 1) ${a} ON true` },
      };
    }
    const join: TJoin = {
      alias: a,
      sql: `LEFT JOIN LATERAL (SELECT min(b."${b.col}Mn") AS mn, max(b."${b.col}Mx") AS mx,
          bool_or(b."${b.col}NfV" = 'NaN'::float8) AS nan, bool_or(b."${b.col}NfV" = 'Infinity'::float8) AS pinf,
          bool_or(b."${b.col}NfV" = '-Infinity'::float8) AS ninf
        FROM metric_blocks b WHERE b."runId" = r.id AND b.kind = '${b.kind}') ${a} ON true`,
    };
    const agg = c.agg === "best" ? BETTER[c.series] : c.agg;
    const expr =
      c.agg === "best"
        ? `COALESCE(${a}.${agg === "min" ? "mn" : "mx"}, CASE WHEN ${a}.nan THEN 'NaN'::float8 END)`
        : agg === "max"
          ? `CASE WHEN ${a}.nan THEN 'NaN'::float8 WHEN ${a}.pinf THEN 'Infinity'::float8 ELSE ${a}.mx END`
          : `CASE WHEN ${a}.ninf THEN '-Infinity'::float8 ELSE COALESCE(${a}.mn, CASE WHEN ${a}.nan THEN 'NaN'::float8 WHEN ${a}.pinf THEN 'Infinity'::float8 END) END`;
    return { expr, join };
  }
  return { expr: BUILTIN_EXPR[c.name] ?? "NULL" };
}

/** A jsonb scalar as a sortable number when it is one (numbers and the non-finite spellings); else null. */
function jsonScalar(v: string): string {
  return `(CASE jsonb_typeof(${v}) WHEN 'number' THEN (${v})::text::float8
    WHEN 'string' THEN CASE WHEN ${v} #>> '{}' IN ('NaN', 'Infinity', '-Infinity') THEN (${v} #>> '{}')::float8
      WHEN ${v} #>> '{}' IN ('.nan', '.inf', '-.inf') THEN replace(replace(${v} #>> '{}', '.nan', 'NaN'), '.inf', 'Infinity')::float8 END END)`;
}

const BUILTIN_EXPR: Record<string, string> = {
  name: `lower(r.name)`,
  status: `r.status::text`,
  host: `lower(h.name)`,
  preset: `lower(p.name)`,
  progress: `r."lastStep"::float8 / NULLIF(r."totalSteps", 0)`,
  loss: `r."lastLoss"`,
  eval_loss: `r."lastEvalLoss"`,
  verdict: `COALESCE(r.verdict, r."liveVerdict"->>'verdict')`,
  duration: `extract(epoch FROM COALESCE(r."finishedAt", now()) - r."startedAt")`,
  created: `r."createdAt"`,
};

/** Sort key text for a column id (hyperparameters also sort their text, for string values). */
function sortExprs(id: string, args: SqlArgs): { exprs: string[]; joins: TJoin[] } {
  const c = parseColumnId(id);
  if (!c) return { exprs: [BUILTIN_EXPR[id] ?? `r."createdAt"`], joins: [] };
  const { expr, join, raw } = columnExpr(c, args, 0);
  return { exprs: raw ? [expr, `${raw} #>> '{}'`] : [expr], joins: join ? [join] : [] };
}

export const FROM = `FROM runs r
  JOIN hosts h ON h.id = r."hostId"
  LEFT JOIN preset_versions pv ON pv.id = r."presetVersionId"
  LEFT JOIN presets p ON p.id = pv."presetId"`;

export function whereClause(s: TTableState, args: SqlArgs): string {
  const w: string[] = [];
  if (s.q) {
    const x = args.add(likePattern(s.q));
    w.push(`(r.name ILIKE ${x} OR h.name ILIKE ${x} OR p.name ILIKE ${x} OR r.id = ${args.add(s.q)}
      OR EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t ILIKE ${x}))`);
  }
  if (s.status.length) w.push(`r.status::text = ANY(${args.add(s.status)})`);
  if (s.host) w.push(`r."hostId" = ${args.add(s.host)}`);
  if (s.preset) w.push(`pv."presetId" = ${args.add(s.preset)}`);
  if (s.user) w.push(`r."createdById" = ${args.add(s.user)}`);
  if (s.tag) w.push(`r.tags @> ARRAY[${args.add(s.tag)}]::text[]`);
  // The final verdict, or while a run trains the verdict so far (runs.liveVerdict).
  const verdict = `COALESCE(r.verdict, r."liveVerdict"->>'verdict')`;
  if (s.verdict) w.push(s.verdict === "none" ? `${verdict} IS NULL` : `${verdict} = ${args.add(s.verdict)}`);
  return w.length ? `WHERE ${w.join(" AND ")}` : "";
}

/** The page's ids in order: sort key, then newest first, then id (a total order, so pages never overlap). */
export function buildPageSql(s: TTableState, o: { limit: number; offset: number }): { text: string; values: unknown[] } {
  const args = new SqlArgs();
  const { exprs, joins } = sortExprs(s.sort, args);
  const where = whereClause(s, args);
  const dir = s.dir === "asc" ? "ASC" : "DESC";
  const order = [...exprs.map((e) => `${e} ${dir} NULLS LAST`), `r."createdAt" DESC`, `r.id DESC`].join(", ");
  const text = `SELECT r.id ${FROM} ${joins.map((j) => j.sql).join("\n")} ${where}
    ORDER BY ${order} LIMIT ${args.add(o.limit)} OFFSET ${args.add(o.offset)}`;
  return { text, values: args.values };
}

export function buildCountSql(s: TTableState): { text: string; values: unknown[] } {
  const args = new SqlArgs();
  const where = whereClause(s, args);
  return { text: `SELECT count(*)::int AS n ${FROM} ${where}`, values: args.values };
}

/** Values of the chosen extra columns for the given runs, one row per run (text so NaN survives pg's parser). */
export function buildCellsSql(columnIds: string[], runIds: string[]): { text: string; values: unknown[]; ids: string[]; raw: boolean[] } {
  const args = new SqlArgs();
  const ids = args.add(runIds);
  const cols = columnIds.map((id) => parseColumnId(id)).filter((c): c is TColumn => !!c && c.kind !== "builtin");
  const parts = cols.map((c, i) => ({ c, ...columnExpr(c, args, i + 1) }));
  const select = parts.map((p, i) => (p.raw ? `${p.raw} AS c${i}` : `(${p.expr})::text AS c${i}`));
  const text = `SELECT r.id${select.length ? ", " + select.join(", ") : ""} FROM runs r ${parts.flatMap((p) => (p.join ? [p.join.sql] : [])).join("\n")}
    WHERE r.id = ANY(${ids})`;
  return { text, values: args.values, ids: cols.map((c) => c.id), raw: parts.map((p) => !!p.raw) };
}
