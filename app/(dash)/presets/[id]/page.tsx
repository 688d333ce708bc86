import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getPreset } from "@/lib/presets/get-preset";
import { compareUrl, presetRunIds } from "@/lib/presets/preset-run-ids";
import { PageHeader } from "@/app/components/page-header";
import { Badge } from "@/app/components/badge";
import { buttonClass } from "@/app/components/button";
import { PresetEditor } from "@/app/(dash)/presets/[id]/preset-editor";
import { VersionHistory } from "@/app/(dash)/presets/[id]/version-history";
import { PresetRulesSection } from "@/app/(dash)/backtest/_components/preset-rules-section";

export const metadata: Metadata = { title: "Preset" };

export default async function PresetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const preset = await getPreset({ presetId: id });
  if (!preset) notFound();
  const latest = preset.versions[0];
  if (!latest) notFound();
  const versions = preset.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }));
  const canEdit = hasRole(user.role, "OPERATOR") && !preset.archived;
  const runIds = await presetRunIds(preset.id);
  return (
    <div className="space-y-6">
      <PageHeader
        title={preset.name}
        description={<>Version {latest.version}{preset.description ? ` · ${preset.description}` : ""} {preset.archived && <Badge>archived</Badge>}</>}
        actions={
          <>
            <Link href="/presets" className={buttonClass("ghost")}>All presets</Link>
            {runIds.length >= 2 && (
              <Link href={compareUrl(runIds)} className={buttonClass("secondary")} data-testid="compare-preset-runs"
                title={`The ${runIds.length} newest runs launched from this preset`}>Compare its runs ({runIds.length})</Link>
            )}
            {!preset.archived && <Link href={`/sweeps/new?preset=${encodeURIComponent(preset.id)}`} className={buttonClass("secondary")} data-testid="preset-sweep"
              title="Grid or random search over some keys of this preset">Sweep</Link>}
            {!preset.archived && <Link href={`/launch?preset=${encodeURIComponent(preset.id)}`} className={buttonClass("primary")}>Launch</Link>}
          </>
        }
      />
      <PresetEditor key={`editor-v${latest.version}`} presetId={preset.id} presetName={preset.name} baseVersion={latest.version} savedYaml={latest.yaml} canEdit={canEdit} savedAllowExtraKeys={latest.allowExtraKeys} />
      <VersionHistory key={`history-v${latest.version}`} presetName={preset.name} versions={versions} />
      <PresetRulesSection presetId={preset.id} canEdit={canEdit} />
    </div>
  );
}
