// The runs list (dashboard home) and its 2-second poll share this one read. Raw pg, not Prisma:
// lastLoss/lastEvalLoss and the sparkline points may be NaN/Infinity, which Prisma turns into null.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { toJsonFloat, type TJsonFloat } from "@/lib/metrics/store/float-text";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import { ZTableState, type TTableState } from "@/lib/runs-table/table-state";
import { buildCellsSql, buildCountSql, buildPageSql, FROM } from "@/lib/runs-table/build-table-sql";
import { backfillHparams } from "@/lib/runs-table/backfill-hparams";

export const SPARK_POINTS = 50;

/** The table's URL state (search, filters, sort, columns, page); the REST API's list query is a subset of it. */
export const ZRunFilters = ZTableState;
export type TRunFilters = TTableState;

/** An extra column's value: a metric (non-finite spelled out), or a config/result value as stored. */
export type TCell = number | string | boolean | null;

export type TRunRow = {
  id: string;
  name: string;
  status: RunStatus;
  hostId: string;
  hostName: string;
  gpuIndices: number[];
  presetId: string | null;
  presetName: string | null;
  presetVersion: number | null;
  lastStep: number | null;
  totalSteps: number | null;
  lastEpoch: number | null;
  lastLoss: TJsonFloat;
  lastEvalLoss: TJsonFloat;
  /** Last train losses, oldest first (non-finite kept as strings so JSON carries them). */
  spark: TJsonFloat[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdByName: string | null;
  stopReason: string | null;
  stopRule: string | null;
  errorExcerpt: string | null;
  /** The final verdict (or the one a stop rule recorded), and the rules' verdict so far (Run.liveVerdict). */
  verdict: string | null;
  liveVerdict: string | null;
  tags: string[];
  notes: string;
  /** Values of the state's hyperparameter / metric / result columns, by column id. */
  cells: Record<string, TCell>;
};

type TDbRow = Omit<TRunRow, "lastLoss" | "lastEvalLoss" | "spark" | "createdAt" | "startedAt" | "finishedAt" | "cells"> & {
  lastLoss: number | null;
  lastEvalLoss: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type TRunPage = { rows: TRunRow[]; more: boolean; total: number; page: number; per: number };

export async function listRuns(f: TRunFilters, o: { spark?: boolean } = {}): Promise<TRunPage> {
  await backfillHparams();
  const db = metricsPool();
  const offset = (f.page - 1) * f.per;
  const pageSql = buildPageSql(f, { limit: f.per + 1, offset });
  const countSql = buildCountSql(f);
  const [ids, count] = await Promise.all([db.query<{ id: string }>(pageSql.text, pageSql.values), db.query<{ n: number }>(countSql.text, countSql.values)]);
  const more = ids.rows.length > f.per;
  const pageIds = ids.rows.slice(0, f.per).map((x) => x.id);
  const rows = await loadRows(pageIds, f.cols, o.spark ?? true);
  return { rows, more, total: count.rows[0]?.n ?? 0, page: f.page, per: f.per };
}

/** The rows for these ids, in this order, with the given extra columns. */
export async function loadRows(ids: string[], cols: string[], spark: boolean): Promise<TRunRow[]> {
  if (ids.length === 0) return [];
  const db = metricsPool();
  const cellsSql = buildCellsSql(cols, ids);
  const [r, cells, sparks] = await Promise.all([
    db.query<TDbRow>(
      `SELECT r.id, r.name, r.status, r."hostId", h.name AS "hostName", r."gpuIndices",
              p.id AS "presetId", p.name AS "presetName", pv.version AS "presetVersion",
              r."lastStep", r."totalSteps", r."lastEpoch", r."lastLoss", r."lastEvalLoss",
              r."createdAt", r."startedAt", r."finishedAt", u.name AS "createdByName", r."stopReason", r."stopRule", r.verdict,
              r."liveVerdict"->>'verdict' AS "liveVerdict", left(r."errorExcerpt", 400) AS "errorExcerpt", r.tags, r.notes
         ${FROM}
         LEFT JOIN users u ON u.id = r."createdById"
        WHERE r.id = ANY($1)`,
      [ids],
    ),
    cellsSql.ids.length ? db.query<Record<string, unknown>>(cellsSql.text, cellsSql.values) : Promise.resolve({ rows: [] }),
    spark ? listSparklines(ids) : Promise.resolve(new Map<string, TJsonFloat[]>()),
  ]);
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  const cellsById = new Map(cells.rows.map((x) => [x.id as string, x]));
  return ids.flatMap((id) => {
    const x = byId.get(id);
    if (!x) return []; // deleted between the two reads
    const c = cellsById.get(id);
    return [{
      ...x,
      lastLoss: toJsonFloat(x.lastLoss),
      lastEvalLoss: toJsonFloat(x.lastEvalLoss),
      spark: sparks.get(id) ?? [],
      createdAt: x.createdAt.toISOString(),
      startedAt: x.startedAt?.toISOString() ?? null,
      finishedAt: x.finishedAt?.toISOString() ?? null,
      cells: Object.fromEntries(cellsSql.ids.map((colId, i) => [colId, toCell(c?.[`c${i}`], cellsSql.raw[i]!)])),
    }];
  });
}

/** Metric cells arrive as float8 text ('NaN' included); jsonb cells (`raw`) as parsed JSON, kept as stored. */
function toCell(v: unknown, raw: boolean): TCell {
  if (v === undefined || v === null) return null;
  if (!raw && typeof v === "string") return v === "NaN" || v === "Infinity" || v === "-Infinity" ? v : Number(v);
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

/**
 * Last SPARK_POINTS train losses per run: a backward primary-key scan per run (file order is
 * segment, then step order), so cost does not grow with run length.
 */
export async function listSparklines(runIds: string[]): Promise<Map<string, TJsonFloat[]>> {
  const out = new Map<string, TJsonFloat[]>();
  if (runIds.length === 0) return out;
  const r = await metricsPool().query<{ runId: string; loss: number | null }>(
    `SELECT ids.id AS "runId", p.loss
       FROM unnest($1::text[]) AS ids(id)
       CROSS JOIN LATERAL (
         SELECT "offset", loss FROM metric_points
          WHERE "runId" = ids.id AND kind = 'TRAIN'
          ORDER BY "offset" DESC LIMIT $2
       ) p
      ORDER BY ids.id, p."offset"`,
    [runIds, SPARK_POINTS],
  );
  for (const row of r.rows) {
    const list = out.get(row.runId) ?? [];
    list.push(toJsonFloat(row.loss));
    out.set(row.runId, list);
  }
  return out;
}
