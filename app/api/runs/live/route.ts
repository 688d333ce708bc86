// GET /api/runs/live - the runs list's 2-second poll: same filters as the page's search params.
import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth/with-auth";
import { listRuns, ZRunFilters } from "@/lib/dashboard/list-runs";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req) => {
  const filters = ZRunFilters.parse(Object.fromEntries(req.nextUrl.searchParams));
  const data = await listRuns(filters);
  return NextResponse.json({ ...data, now: Date.now() }, { headers: { "cache-control": "no-store" } });
});
