// GET /api/runs/{id}/curves?format=csv|json - every metric point of the run, unbucketed, NaN/Infinity kept.
import { z } from "zod";
import { withAuth, AppError } from "@/lib/auth/with-auth";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { exportCurves } from "@/lib/runs-table/export-curves";
import { streamDownload } from "@/lib/runs-table/stream-response";

export const dynamic = "force-dynamic";

const ZFormat = z.enum(["csv", "json"], { message: "format: must be csv or json" });

export const GET = withAuth<{ id: string }>(async (req, { params }) => {
  const { id } = await params;
  const format = ZFormat.parse(req.nextUrl.searchParams.get("format") ?? "csv");
  const r = await metricsPool().query<{ name: string }>(`SELECT name FROM runs WHERE id = $1`, [id]);
  if (r.rowCount === 0) throw new AppError("not_found", "Run not found.");
  return streamDownload(exportCurves(id, format), { filename: `${r.rows[0]!.name}-curves.${format}`, format });
});
