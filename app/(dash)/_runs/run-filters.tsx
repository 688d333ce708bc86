"use client";
// Filters live in the URL (shareable, back button works); changing one replaces the URL and the
// server component re-reads.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { RunStatus } from "@/lib/generated/prisma/enums";
import type { TFilterOption } from "@/lib/dashboard/list-run-filter-options";

const ACTIVE = ["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"];

type TCurrent = { status: string[]; host?: string | undefined; preset?: string | undefined; user?: string | undefined };

export function RunFilters({ options, current }: { options: { hosts: TFilterOption[]; presets: TFilterOption[]; users: TFilterOption[] }; current: TCurrent }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const active = current.status.length > 0 || !!current.host || !!current.preset || !!current.user;
  const select = (key: string, label: string, value: string, opts: { id: string; label: string }[]) => (
    <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
      {label}
      <select
        aria-label={`Filter by ${label.toLowerCase()}`}
        value={value}
        onChange={(e) => set(key, e.target.value)}
        className="h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      >
        <option value="">All</option>
        {opts.map((o) => (
          <option key={o.id} value={o.id}>{o.label}</option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="mb-3 flex flex-wrap items-center gap-4">
      {select("status", "Status", current.status.join(","), [
        { id: ACTIVE.join(","), label: "active" },
        ...Object.values(RunStatus).map((s) => ({ id: s, label: s.toLowerCase().replace("_", " ") })),
      ])}
      {select("host", "Host", current.host ?? "", options.hosts)}
      {select("preset", "Preset", current.preset ?? "", options.presets)}
      {select("user", "Launched by", current.user ?? "", options.users)}
      {active && (
        <button type="button" onClick={() => router.replace(pathname, { scroll: false })} className="text-xs text-accent-600 hover:underline dark:text-accent-400">
          Clear filters
        </button>
      )}
    </div>
  );
}
