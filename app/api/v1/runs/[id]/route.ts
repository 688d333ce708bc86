// GET /api/v1/runs/{id} - one run: status, progress, ETA, config, outcome.
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { getRunDetail } from "@/lib/api/get-run-detail";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.runsGet, async ({ params }) => {
  const run = await getRunDetail({ runId: params.id });
  if (!run) throw new AppError("not_found", "Run not found.", "id");
  return run;
});
