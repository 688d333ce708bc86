// GET /api/v1/sweeps - list sweeps; POST /api/v1/sweeps - start a sweep from a preset.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId, resolvePresetVersionId } from "@/lib/api/resolve-refs";
import { createSweep } from "@/lib/sweeps/create-sweep";
import { listSweeps } from "@/lib/sweeps/get-sweep";
import { sweepUrl } from "@/lib/api/run-links";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.sweepsList, async ({ query }) => ({ sweeps: await listSweeps({ limit: query.limit }) }));

export const POST = apiHandler(API.sweepsCreate, async ({ body, user, meta }) => {
  const presetVersionId = await resolvePresetVersionId({ preset: body.preset, version: body.version });
  const targets = [];
  for (const [i, t] of body.spec.targets.entries()) targets.push({ ...t, hostId: await resolveHostId(t.hostId, `spec.targets.${i}.hostId`) });
  const r = await createSweep({ presetVersionId, name: body.name, spec: { ...body.spec, targets }, userId: user.id }, meta);
  return { sweepId: r.sweepId, url: sweepUrl(r.sweepId), trials: r.trials, seed: r.seed };
});
