// A sweep's status as a small pill (list and detail pages).
const STATUS_CLS: Record<string, string> = {
  RUNNING: "bg-blue-50 text-blue-700 ring-blue-200 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800",
  CANCELLING: "bg-orange-50 text-orange-700 ring-orange-200 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-800",
  CANCELLED: "bg-zinc-100 text-zinc-600 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600",
  FINISHED: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
};

export function SweepStatus({ status }: { status: string }) {
  return <span data-sweep-status={status} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_CLS[status] ?? ""}`}>{status.toLowerCase()}</span>;
}
