import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listPresets } from "@/lib/presets/list-presets";
import { getPreset } from "@/lib/presets/get-preset";
import { listHosts } from "@/lib/hosts/list-hosts";
import { listClusters } from "@/lib/slurm/create-cluster";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { buttonClass } from "@/app/components/button";
import { LaunchForm } from "@/app/(dash)/launch/launch-form";
import { prisma } from "@/lib/db";
import { formatOverrides } from "@/lib/runs/format-overrides";

export const metadata: Metadata = { title: "Launch" };

function defaultRunName(presetName: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  const base = presetName.replace(/[^A-Za-z0-9._+-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 60) || "run";
  return `${base}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

/** "Launch again with changes": the source run's name with a suffix, kept within ZRunName's rules. */
function againName(name: string): string {
  const m = /^(.*)-again(\d*)$/.exec(name);
  const next = m ? `${m[1]}-again${Number(m[2] || 1) + 1}` : `${name}-again`;
  return next.length <= 80 ? next : `${name.slice(0, 80 - 6)}-again`;
}

export default async function LaunchPage({ searchParams }: { searchParams: Promise<{ preset?: string; version?: string; host?: string; from?: string }> }) {
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
  const [presets, allHosts, clusters] = await Promise.all([listPresets(), listHosts(), listClusters()]);
  // Login nodes are launched onto through their cluster (sbatch), never directly.
  const loginIds = new Set(clusters.map((c) => c.loginHost.id));
  const hosts = allHosts.filter((h) => !loginIds.has(h.id));
  if (presets.length === 0 || (hosts.length === 0 && clusters.length === 0)) {
    return (
      <div>
        <PageHeader title="Launch a run" />
        {hosts.length === 0 && clusters.length === 0 ? (
          <EmptyState title="Add your first GPU host" body="A run needs a GPU host to run on." action={<Link href="/hosts" className={buttonClass("primary")}>Add a GPU host</Link>} />
        ) : (
          <EmptyState title="Create a preset first" body="Runs start from a preset: a saved LLaMA-Factory training config." action={<Link href="/presets" className={buttonClass("primary")}>Go to presets</Link>} />
        )}
      </div>
    );
  }
  // ?from=<runId>: the form prefilled from that run (its preset version, overrides, host and name).
  const from = typeof sp.from === "string" && sp.from.length <= 64
    ? await prisma.run.findUnique({ where: { id: sp.from }, select: { id: true, name: true, overrides: true, hostId: true, slurmClusterId: true,
        presetVersion: { select: { version: true, presetId: true, preset: { select: { name: true } } } } } })
    : null;
  const fromPreset = from?.presetVersion && presets.some((p) => p.id === from.presetVersion!.presetId) ? from.presetVersion : null;
  const presetId = fromPreset ? fromPreset.presetId : presets.some((p) => p.id === sp.preset) ? sp.preset! : presets[0]!.id;
  const preset = await getPreset({ presetId });
  const versions = (preset?.versions ?? []).map((v) => ({ id: v.id, version: v.version, message: v.message, yaml: v.yaml, allowExtraKeys: v.allowExtraKeys }));
  const wantedVersion = fromPreset ? fromPreset.version : Number(sp.version);
  const versionId = versions.find((v) => v.version === wantedVersion)?.id ?? versions[0]?.id ?? "";
  return (
    <div>
      <PageHeader title={from ? "Launch again with changes" : "Launch a run"}
        description={from ? undefined : "A preset version, a target (a host and its GPUs, or a Slurm cluster) and any keys you want to change for this run."} />
      {from && (
        <p className="mb-4 rounded-md border border-accent-200 bg-accent-50 px-3 py-2 text-sm text-accent-900 dark:border-accent-500/30 dark:bg-accent-500/10 dark:text-accent-200" data-testid="launch-from">
          Prefilled from <Link href={`/runs/${from.id}`} className="font-medium underline-offset-2 hover:underline">{from.name}</Link>
          {fromPreset ? <>: preset {fromPreset.preset.name}@v{fromPreset.version} and its overrides. Change what you want and launch.</>
            : <>. Its preset is gone or archived: pick one; its overrides are kept.</>}
        </p>
      )}
      <LaunchForm
        key={`${presetId}|${from?.id ?? ""}`}
        presets={presets.map((p) => ({ id: p.id, name: p.name, latestVersion: p.latestVersion }))}
        presetId={presetId}
        versions={versions}
        initialVersionId={versionId}
        hosts={hosts.map((h) => ({ id: h.id, name: h.name, address: h.address, status: h.status, gpus: h.gpus, lfProblem: h.runtime && !h.runtime.ok ? h.runtime.problem : null }))}
        clusters={clusters.map((c) => {
          const login = allHosts.find((h) => h.id === c.loginHost.id);
          return { id: c.id, name: c.name, partition: c.partition, gpusPerNode: c.gpusPerNode, timeLimitMin: c.timeLimitMin, online: c.loginHost.status === "ONLINE", lfProblem: login?.runtime && !login.runtime.ok ? login.runtime.problem : null };
        })}
        initialHostId={from?.slurmClusterId && clusters.some((c) => c.id === from.slurmClusterId) ? `slurm:${from.slurmClusterId}`
          : from && hosts.some((h) => h.id === from.hostId) ? from.hostId
          : typeof sp.host === "string" && sp.host.startsWith("slurm:") && clusters.some((c) => `slurm:${c.id}` === sp.host) ? sp.host
          : hosts.some((h) => h.id === sp.host) ? sp.host! : hosts.find((h) => h.gpus.some((g) => !g.busyRunId))?.id ?? hosts[0]?.id ?? (clusters[0] ? `slurm:${clusters[0].id}` : "")}
        defaultName={from ? againName(from.name) : defaultRunName(preset?.name ?? "run")}
        initialOverrides={from ? formatOverrides((from.overrides ?? {}) as Record<string, unknown>) : ""}
      />
    </div>
  );
}
