import type { RunStatus } from "@/lib/generated/prisma/enums";

// One distinct colour per status; live states get a pulsing dot so they read at a glance.
const STYLE: Record<RunStatus, { cls: string; dot: string; live?: boolean; label: string }> = {
  QUEUED: { cls: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600", dot: "bg-zinc-400", label: "Queued" },
  STARTING: { cls: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800", dot: "bg-sky-500", live: true, label: "Starting" },
  RUNNING: { cls: "bg-blue-50 text-blue-700 ring-blue-200 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800", dot: "bg-blue-500", live: true, label: "Running" },
  UNREACHABLE: { cls: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800", dot: "bg-amber-500", label: "Unreachable" },
  STOPPING: { cls: "bg-orange-50 text-orange-700 ring-orange-200 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-800", dot: "bg-orange-500", live: true, label: "Stopping" },
  SUCCEEDED: { cls: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800", dot: "bg-emerald-500", label: "Succeeded" },
  FAILED: { cls: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800", dot: "bg-red-500", label: "Failed" },
  STOPPED: { cls: "bg-stone-100 text-stone-700 ring-stone-300 dark:bg-stone-800 dark:text-stone-300 dark:ring-stone-600", dot: "bg-stone-500", label: "Stopped" },
  STOPPED_EARLY: { cls: "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800", dot: "bg-violet-500", label: "Stopped early" },
  KILLED: { cls: "bg-rose-100 text-rose-800 ring-rose-300 dark:bg-rose-950 dark:text-rose-300 dark:ring-rose-800", dot: "bg-rose-600", label: "Killed" },
  IMPORTED: { cls: "bg-teal-50 text-teal-700 ring-teal-200 dark:bg-teal-950 dark:text-teal-300 dark:ring-teal-800", dot: "bg-teal-500", label: "Imported" },
  CANCELLED: { cls: "bg-zinc-50 text-zinc-500 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-700", dot: "bg-zinc-300 dark:bg-zinc-600", label: "Cancelled" },
};

export function StatusPill({ status, title }: { status: RunStatus; title?: string }) {
  const s = STYLE[status];
  return (
    <span
      data-status={status}
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap ${s.cls}`}
    >
      <span className="relative flex size-1.5">
        {s.live && <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-60 ${s.dot}`} />}
        <span className={`relative inline-flex size-1.5 rounded-full ${s.dot}`} />
      </span>
      {s.label}
    </span>
  );
}
