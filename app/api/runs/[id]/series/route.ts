// GET /api/runs/{id}/series - chart data for one view of a run (bucketed past ~2,000 points per series).
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAuth, AppError } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getRunSeries } from "@/lib/metrics/store/get-run-series";
import { ZXAxis } from "@/lib/metrics/store/series-types";

export const dynamic = "force-dynamic";

const ZQuery = z.object({
  axis: ZXAxis.default("step"),
  x0: z.coerce.number().finite().optional(),
  x1: z.coerce.number().finite().optional(),
  maxPoints: z.coerce.number().int().min(50).max(10_000).default(2000),
});

export const GET = withAuth<{ id: string }>(async (req, { params }) => {
  const { id } = await params;
  const q = ZQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  if (q.x0 !== undefined && q.x1 !== undefined && q.x1 < q.x0) throw new AppError("invalid", "x1: must be ≥ x0", "x1");
  const exists = await metricsPool().query(`SELECT 1 FROM runs WHERE id=$1`, [id]);
  if (exists.rowCount === 0) throw new AppError("not_found", "Run not found.");
  const data = await getRunSeries(metricsPool(), {
    runId: id, xAxis: q.axis, maxPoints: q.maxPoints,
    ...(q.x0 !== undefined ? { x0: q.x0 } : {}), ...(q.x1 !== undefined ? { x1: q.x1 } : {}),
  });
  return NextResponse.json(data, { headers: { "cache-control": "no-store" } });
});
