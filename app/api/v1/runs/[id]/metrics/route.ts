// GET /api/v1/runs/{id}/metrics - bucketed series (≤ ~maxPoints per series) for a view window.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { getRunSeries } from "@/lib/metrics/store/get-run-series";
import { metricsPool } from "@/lib/metrics/store/pg-pool";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.runsMetrics, async ({ params, query }) => {
  if (!(await prisma.run.findUnique({ where: { id: params.id }, select: { id: true } }))) throw new AppError("not_found", "Run not found.", "id");
  if (query.x0 !== undefined && query.x1 !== undefined && query.x1 < query.x0) throw new AppError("invalid", "query x1: must be ≥ x0", "x1");
  return getRunSeries(metricsPool(), {
    runId: params.id, xAxis: query.axis, maxPoints: query.maxPoints,
    ...(query.x0 !== undefined ? { x0: query.x0 } : {}), ...(query.x1 !== undefined ? { x1: query.x1 } : {}),
  });
});
