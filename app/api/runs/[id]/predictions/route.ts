// GET /api/runs/{id}/predictions?page=&per=&q= - one page of the run's stored generated_predictions.jsonl rows.
import { withAuth, AppError } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { listPredictions } from "@/lib/evaluation/list-predictions";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, { params }) => {
  const { id } = await params;
  const r = await metricsPool().query(`SELECT 1 FROM runs WHERE id = $1`, [id]);
  if (r.rowCount === 0) throw new AppError("not_found", "Run not found.");
  const sp = req.nextUrl.searchParams;
  const page = await listPredictions(id, { page: sp.get("page") ?? undefined, per: sp.get("per") ?? undefined, q: sp.get("q") ?? undefined });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
