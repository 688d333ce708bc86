// The runs list (dashboard home) and its 2-second poll share this one read. Raw pg, not Prisma:
// lastLoss/lastEvalLoss and the sparkline points may be NaN/Infinity, which Prisma turns into null.
import { z } from "zod";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { toJsonFloat, type TJsonFloat } from "@/lib/metrics/store/float-text";
import { RunStatus } from "@/lib/generated/prisma/enums";

export const SPARK_POINTS = 50;
const STATUSES = Object.values(RunStatus) as [RunStatus, ...RunStatus[]];

/** URL search params → filters. Unknown values are dropped rather than erroring: a stale link still opens. */
export const ZRunFilters = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ?? "").split(",").filter((x): x is RunStatus => (STATUSES as string[]).includes(x))),
  host: z.string().max(64).optional().catch(undefined),
  preset: z.string().max(64).optional().catch(undefined),
  user: z.string().max(64).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(1000).catch(100).default(100),
});
export type TRunFilters = z.output<typeof ZRunFilters>;

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
  errorExcerpt: string | null;
  /** The final verdict (or the one a stop rule recorded), and the rules' verdict so far (Run.liveVerdict). */
  verdict: string | null;
  liveVerdict: string | null;
};

type TDbRow = Omit<TRunRow, "lastLoss" | "lastEvalLoss" | "spark" | "createdAt" | "startedAt" | "finishedAt"> & {
  lastLoss: number | null;
  lastEvalLoss: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export async function listRuns(f: TRunFilters): Promise<{ rows: TRunRow[]; more: boolean }> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    where.push(sql.replace("?", `$${args.length}`));
  };
  if (f.status.length) add(`r.status::text = ANY(?)`, f.status);
  if (f.host) add(`r."hostId" = ?`, f.host);
  if (f.preset) add(`pv."presetId" = ?`, f.preset);
  if (f.user) add(`r."createdById" = ?`, f.user);
  args.push(f.limit + 1);
  const db = metricsPool();
  const r = await db.query<TDbRow>(
    `SELECT r.id, r.name, r.status, r."hostId", h.name AS "hostName", r."gpuIndices",
            p.id AS "presetId", p.name AS "presetName", pv.version AS "presetVersion",
            r."lastStep", r."totalSteps", r."lastEpoch", r."lastLoss", r."lastEvalLoss",
            r."createdAt", r."startedAt", r."finishedAt", u.name AS "createdByName", r."stopReason",
            left(r."errorExcerpt", 400) AS "errorExcerpt", r.verdict, r."liveVerdict"->>'verdict' AS "liveVerdict"
       FROM runs r
       JOIN hosts h ON h.id = r."hostId"
       LEFT JOIN preset_versions pv ON pv.id = r."presetVersionId"
       LEFT JOIN presets p ON p.id = pv."presetId"
       LEFT JOIN users u ON u.id = r."createdById"
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY r."createdAt" DESC, r.id DESC
      LIMIT $${args.length}`,
    args,
  );
  const more = r.rows.length > f.limit;
  const rows = r.rows.slice(0, f.limit);
  const sparks = await listSparklines(rows.map((x) => x.id));
  return {
    more,
    rows: rows.map((x) => ({
      ...x,
      lastLoss: toJsonFloat(x.lastLoss),
      lastEvalLoss: toJsonFloat(x.lastEvalLoss),
      spark: sparks.get(x.id) ?? [],
      createdAt: x.createdAt.toISOString(),
      startedAt: x.startedAt?.toISOString() ?? null,
      finishedAt: x.finishedAt?.toISOString() ?? null,
    })),
  };
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
