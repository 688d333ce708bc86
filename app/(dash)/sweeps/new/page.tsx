// /sweeps/new?preset=<id>: the sweep form for one preset (the "Sweep" button on a preset page).
import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getPreset } from "@/lib/presets/get-preset";
import { listPresets } from "@/lib/presets/list-presets";
import { listHosts } from "@/lib/hosts/list-hosts";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { buttonClass } from "@/app/components/button";
import { SweepForm } from "./sweep-form";

export const metadata: Metadata = { title: "New sweep" };
export const dynamic = "force-dynamic";

export default async function NewSweepPage({ searchParams }: { searchParams: Promise<{ preset?: string }> }) {
  const user = await requireUser();
  const sp = await searchParams;
  if (!hasRole(user.role, "OPERATOR"))
    return <><PageHeader title="New sweep" /><EmptyState title="You can look, not launch" body="Starting a sweep needs the operator role." /></>;
  const presets = await listPresets();
  const presetId = presets.some((p) => p.id === sp.preset) ? sp.preset! : presets[0]?.id;
  const [preset, hosts] = await Promise.all([presetId ? getPreset({ presetId }) : null, listHosts()]);
  if (!preset || hosts.length === 0)
    return <><PageHeader title="New sweep" /><EmptyState title={preset ? "Add a GPU host first" : "Create a preset first"} body="A sweep runs trials of a preset on your GPU hosts."
      action={<Link href={preset ? "/hosts" : "/presets"} className={buttonClass("primary")}>{preset ? "Hosts" : "Presets"}</Link>} /></>;
  const d = new Date();
  const p2 = (n: number) => String(n).padStart(2, "0");
  const base = preset.name.replace(/[^A-Za-z0-9._+-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 40) || "sweep";
  return (
    <div>
      <PageHeader title={`Sweep ${preset.name}`}
        description={<>Grid or random search over some keys of <Link className="underline-offset-2 hover:underline" href={`/presets/${preset.id}`}>{preset.name}</Link>. Trials are normal runs (same rules, verdicts, kill and audit), queued through the GPU queue, at most “concurrency” at once.</>} />
      <SweepForm
        versions={preset.versions.map((v) => ({ id: v.id, version: v.version, message: v.message }))}
        hosts={hosts.map((h) => ({ id: h.id, name: h.name, status: h.status, gpus: h.gpus.map((g) => ({ index: g.index, name: g.name, busy: !!g.busyRunId })) }))}
        defaultName={`${base}-sweep-${p2(d.getMonth() + 1)}${p2(d.getDate())}-${p2(d.getHours())}${p2(d.getMinutes())}`}
      />
    </div>
  );
}
