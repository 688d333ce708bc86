// GET /api/runs/{id}/live - the run page's 1-second poll: points and console text after the
// client's offsets, plus progress, status and the rules' live verdict. Appending these never redraws what is already shown.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAuth, AppError } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { listPointsAfter } from "@/lib/metrics/store/list-points-after";
import { listConsoleAfter } from "@/lib/metrics/store/console-chunks";
import { getRunProgress } from "@/lib/metrics/store/get-run-progress";
import { getLiveVerdict } from "@/lib/runs/live-verdict-store";

export const dynamic = "force-dynamic";

const ZQuery = z.object({
  after: z.coerce.number().int().min(-1).default(-1),
  consoleAfter: z.coerce.number().int().min(0).optional(),
});

export const GET = withAuth<{ id: string }>(async (req, { params }) => {
  const { id } = await params;
  const q = ZQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  const db = metricsPool();
  const progress = await getRunProgress(db, id);
  if (!progress) throw new AppError("not_found", "Run not found.");
  const [pts, con, verdict] = await Promise.all([
    listPointsAfter(db, { runId: id, afterOffset: q.after, limit: 5000 }),
    q.consoleAfter === undefined ? null : listConsoleAfter(db, { runId: id, afterOffset: q.consoleAfter }),
    getLiveVerdict(db, id),
  ]);
  return NextResponse.json({ ...pts, progress, console: con, verdict }, { headers: { "cache-control": "no-store" } });
});
