// GET /api/v1/runs - list runs; POST /api/v1/runs - launch a run from a preset.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { listRuns, ZRunFilters } from "@/lib/dashboard/list-runs";
import { createRun } from "@/lib/runs/create-run";
import { resolveClusterId, resolveHostId, resolvePresetVersionId } from "@/lib/api/resolve-refs";
import { AppError } from "@/lib/errors";
import { defaultRunName, runUrl } from "@/lib/api/run-links";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.runsList, async ({ query }) => {
  const { rows, more } = await listRuns(ZRunFilters.parse(query));
  return { runs: rows, more };
});

export const POST = apiHandler(API.runsLaunch, async ({ body, user, meta }) => {
  const presetVersionId = await resolvePresetVersionId({ preset: body.preset, version: body.version });
  if (!body.host && !body.cluster) throw new AppError("invalid", "host: give a host or a Slurm cluster.", "host");
  const target = body.cluster ? { hostId: "", clusterId: await resolveClusterId(body.cluster) } : { hostId: await resolveHostId(body.host!) };
  const r = await createRun({
    presetVersionId, ...target, gpuIndices: body.gpus, overrides: body.overrides,
    name: body.name ?? (await defaultRunName(presetVersionId)), priority: body.priority, userId: user.id,
    nodes: body.nodes ? await Promise.all(body.nodes.map(async (n) => ({ hostId: await resolveHostId(n.host), gpuIndices: n.gpus }))) : [], masterPort: body.masterPort,
  }, { meta });
  return { runId: r.runId, url: runUrl(r.runId), warnings: r.warnings };
});
