// GET /api/runs/compare?runs=a,b,c&axis=step - chart data for 2-10 runs in one view.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAuth } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { ZXAxis } from "@/lib/metrics/store/series-types";

export const dynamic = "force-dynamic";

const ZQuery = z.object({
  runs: z.string().transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(64)).min(2, "pick at least 2 runs").max(10, "at most 10 runs")),
  axis: ZXAxis.default("step"),
  x0: z.coerce.number().finite().optional(),
  x1: z.coerce.number().finite().optional(),
});

export const GET = withAuth(async (req) => {
  const q = ZQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  const data = await getCompareSeries(metricsPool(), {
    runIds: q.runs, xAxis: q.axis, ...(q.x0 !== undefined ? { x0: q.x0 } : {}), ...(q.x1 !== undefined ? { x1: q.x1 } : {}),
  });
  return NextResponse.json(data, { headers: { "cache-control": "no-store" } });
});
