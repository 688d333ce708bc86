// GET /api/runs/compare?runs=a,b,c&axis=step - chart data for up to 50 runs in one view (fewer points each past 10).
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAuth } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { ZXAxis } from "@/lib/metrics/store/series-types";
import { MAX_COMPARE } from "@/lib/compare/compare-state";

export const dynamic = "force-dynamic";

const ZQuery = z.object({
  runs: z.string().transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(64)).min(1, "pick at least 1 run").max(MAX_COMPARE, `at most ${MAX_COMPARE} runs`)),
  axis: ZXAxis.default("step"),
  x0: z.coerce.number().finite().optional(),
  x1: z.coerce.number().finite().optional(),
});

export const GET = withAuth(async (req) => {
  const q = ZQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  const data = await getCompareSeries(metricsPool(), {
    runIds: q.runs, xAxis: q.axis, maxPoints: q.runs.length <= 10 ? 1500 : 400, ...(q.x0 !== undefined ? { x0: q.x0 } : {}), ...(q.x1 !== undefined ? { x1: q.x1 } : {}),
  });
  return NextResponse.json(data, { headers: { "cache-control": "no-store" } });
});
