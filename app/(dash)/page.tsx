import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listRuns } from "@/lib/dashboard/list-runs";
import { listRunFilterOptions } from "@/lib/dashboard/list-run-filter-options";
import { parseTableState, tableStateToQuery } from "@/lib/runs-table/table-state";
import { listColumnOptions } from "@/lib/runs-table/list-column-options";
import { listTags } from "@/lib/runs-table/update-run-labels";
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
  const state = parseTableState(sp);
  const [data, options, columns, tags, totalRuns, hostCount] = await Promise.all([
    listRuns(state),
    listRunFilterOptions(),
    listColumnOptions(),
    listTags(),
    prisma.run.count(),
    prisma.host.count({ where: { archived: false } }),
  ]);
  const canLaunch = hasRole(user.role, "OPERATOR");
  const query = tableStateToQuery(state);

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
        description="Search, sort and pick columns; the URL keeps the view. Updates live."
        actions={canLaunch ? <Link href="/launch" className={buttonClass("primary")}>Launch run</Link> : null}
      />
      <RunFilters options={{ ...options, tags: tags.map((t) => ({ id: t.tag, label: `${t.tag} (${t.runs})` })) }} state={state} columns={columns} />
      <RunsTable key={query} initial={data} state={state} serverNow={Date.now()} canKill={hasRole(user.role, "OPERATOR")} />
    </div>
  );
}
