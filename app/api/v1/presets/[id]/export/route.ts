// GET /api/v1/presets/{id}/export?version=N - the saved YAML bytes (comments and order intact).
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolvePresetId } from "@/lib/api/resolve-refs";
import { hasRole } from "@/lib/auth/roles";
import { revealPresetSecrets } from "@/lib/presets/reveal-secrets";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.presetsExport, async ({ params, query, user, meta }) => {
  const presetId = await resolvePresetId(params.id, "id");
  const v = await prisma.presetVersion.findFirst({
    where: { presetId, ...(query.version ? { version: query.version } : {}) },
    orderBy: { version: "desc" },
    select: { version: true, yaml: true, preset: { select: { name: true } } },
  });
  if (!v) throw new AppError("not_found", query.version ? `No version ${query.version}.` : "The preset has no versions.", query.version ? "version" : "id");
  // The stored text has secrets masked; the clear values only for an operator/admin who asks (audited).
  if (query.reveal === "true" && !hasRole(user.role, "OPERATOR")) throw new AppError("forbidden", "Revealing secrets needs the operator role.", "reveal");
  const body = query.reveal === "true" ? (await revealPresetSecrets({ presetId, version: v.version, userId: user.id }, meta)).yaml : v.yaml;
  const file = `${v.preset.name.replace(/[^A-Za-z0-9._-]+/g, "_")}.v${v.version}.yaml`;
  return new Response(body, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${file}"`, "x-preset-version": String(v.version), "cache-control": "no-store" },
  });
});
