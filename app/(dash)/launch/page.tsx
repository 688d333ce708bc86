import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listPresets } from "@/lib/presets/list-presets";
import { getPreset } from "@/lib/presets/get-preset";
import { listHosts } from "@/lib/hosts/list-hosts";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { buttonClass } from "@/app/components/button";
import { LaunchForm } from "@/app/(dash)/launch/launch-form";

export const metadata: Metadata = { title: "Launch" };

function defaultRunName(presetName: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  const base = presetName.replace(/[^A-Za-z0-9._+-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 60) || "run";
  return `${base}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

export default async function LaunchPage({ searchParams }: { searchParams: Promise<{ preset?: string; version?: string; host?: string }> }) {
  const user = await requireUser();
  const sp = await searchParams;
  if (!hasRole(user.role, "OPERATOR")) {
    return (
      <div>
        <PageHeader title="Launch a run" />
        <EmptyState title="You can look, not launch" body={`Launching runs needs the operator role; you are signed in as ${user.role.toLowerCase()}. Ask an admin to change your role.`} />
      </div>
    );
  }
  const [presets, hosts] = await Promise.all([listPresets(), listHosts()]);
  if (presets.length === 0 || hosts.length === 0) {
    return (
      <div>
        <PageHeader title="Launch a run" />
        {hosts.length === 0 ? (
          <EmptyState title="Add your first GPU host" body="A run needs a GPU host to run on." action={<Link href="/hosts" className={buttonClass("primary")}>Add a GPU host</Link>} />
        ) : (
          <EmptyState title="Create a preset first" body="Runs start from a preset: a saved LLaMA-Factory training config." action={<Link href="/presets" className={buttonClass("primary")}>Go to presets</Link>} />
        )}
      </div>
    );
  }
  const presetId = presets.some((p) => p.id === sp.preset) ? sp.preset! : presets[0]!.id;
  const preset = await getPreset({ presetId });
  const versions = (preset?.versions ?? []).map((v) => ({ id: v.id, version: v.version, message: v.message, yaml: v.yaml, allowExtraKeys: v.allowExtraKeys }));
  const wantedVersion = Number(sp.version);
  const versionId = versions.find((v) => v.version === wantedVersion)?.id ?? versions[0]?.id ?? "";
  return (
    <div>
      <PageHeader title="Launch a run" description="A preset version, a host and its GPUs, and any keys you want to change for this run." />
      <LaunchForm
        key={presetId}
        presets={presets.map((p) => ({ id: p.id, name: p.name, latestVersion: p.latestVersion }))}
        presetId={presetId}
        versions={versions}
        initialVersionId={versionId}
        hosts={hosts.map((h) => ({ id: h.id, name: h.name, status: h.status, gpus: h.gpus, lfProblem: h.runtime && !h.runtime.ok ? h.runtime.problem : null }))}
        initialHostId={hosts.some((h) => h.id === sp.host) ? sp.host! : hosts.find((h) => h.gpus.some((g) => !g.busyRunId))?.id ?? hosts[0]!.id}
        defaultName={defaultRunName(preset?.name ?? "run")}
      />
    </div>
  );
}
