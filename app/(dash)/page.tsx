import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listRuns, ZRunFilters } from "@/lib/dashboard/list-runs";
import { listRunFilterOptions } from "@/lib/dashboard/list-run-filter-options";
import { prisma } from "@/lib/db";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { buttonClass } from "@/app/components/button";
import { RunFilters } from "@/app/(dash)/_runs/run-filters";
import { RunsTable } from "@/app/(dash)/_runs/runs-table";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const flat = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const filters = ZRunFilters.parse(flat);
  const [data, options, totalRuns, hostCount] = await Promise.all([
    listRuns(filters),
    listRunFilterOptions(),
    prisma.run.count(),
    prisma.host.count({ where: { archived: false } }),
  ]);
  const canLaunch = hasRole(user.role, "OPERATOR");
  const query = new URLSearchParams(flat).toString();

  if (totalRuns === 0) {
    return (
      <div>
        <PageHeader title="Runs" />
        {hostCount === 0 ? (
          <EmptyState
            title="Add your first GPU host"
            body="Runs execute on your own GPU machines over SSH. Add a host first, then launch a run from a preset."
            action={<Link href="/hosts" className={buttonClass("primary")}>Add a GPU host</Link>}
          />
        ) : (
          <EmptyState
            title="Launch a run from a preset"
            body="Pick a preset (a saved LLaMA-Factory config), choose a host and free GPUs, change a key or two, and launch. Runs appear here live."
            action={canLaunch ? <Link href="/presets" className={buttonClass("primary")}>Choose a preset</Link> : null}
          />
        )}
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title="Runs"
        description="All runs, newest first. Updates live."
        actions={canLaunch ? <Link href="/launch" className={buttonClass("primary")}>Launch run</Link> : null}
      />
      <RunFilters options={options} current={{ status: filters.status, host: filters.host, preset: filters.preset, user: filters.user }} />
      <RunsTable key={query} initial={data} query={query} serverNow={Date.now()} canKill={hasRole(user.role, "OPERATOR")} />
    </div>
  );
}
