import type { ReactNode } from "react";

/** What a new user sees instead of an empty table: what this is, and the one thing to do next. */
export function EmptyState({ title, body, action, icon }: { title: string; body: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-14 text-center dark:border-zinc-700 dark:bg-zinc-900/50">
      {icon && <div className="mb-3 text-zinc-400 dark:text-zinc-500">{icon}</div>}
      <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      <div className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{body}</div>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
