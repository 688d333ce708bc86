import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/require-user";
import { signOut } from "@/lib/auth/actions";
import { NavLinks } from "@/app/components/nav-links";
import { ThemeToggle } from "@/app/components/theme-toggle";
import { Badge } from "@/app/components/badge";
import { WorkerDownBanner } from "@/app/components/worker-down-banner";
import { readWorkerHealth } from "@/lib/worker-health/read-worker-health";

// Every page below reads per-request data behind a session; nothing here is prerendered.
export const dynamic = "force-dynamic";

export default async function DashLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const workerHealth = await readWorkerHealth();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex h-12 max-w-screen-2xl items-center gap-4 px-4 xl:gap-6">
          {/* Below xl the ten nav links need the room: the brand keeps its mark, its name goes to a tooltip. */}
          <Link href="/" title="Factory Floor" className="flex shrink-0 items-center gap-2 whitespace-nowrap font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            <span aria-hidden className="grid size-5 place-items-center rounded bg-accent-600 text-[10px] font-bold text-white">FF</span>
            <span className="sr-only xl:not-sr-only">Factory Floor</span>
          </Link>
          <NavLinks isAdmin={user.role === "ADMIN"} />
          <div className="ml-auto flex shrink-0 items-center gap-3">
            <ThemeToggle />
            <div className="flex items-center gap-2 whitespace-nowrap text-xs" data-testid="current-user">
              <Link href="/account" className="max-w-32 truncate text-zinc-700 hover:underline dark:text-zinc-300" title={`${user.email}: account and password`}>{user.name}</Link>
              <Badge tone={user.role === "ADMIN" ? "accent" : "neutral"}>{user.role.toLowerCase()}</Badge>
            </div>
            <form action={signOut}>
              <button type="submit" className="whitespace-nowrap rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
        <WorkerDownBanner initial={workerHealth} />
      </header>
      <main className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
