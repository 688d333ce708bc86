import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { SignInForm } from "@/app/signin/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === "string" ? sp.next : undefined);
  if (await getCurrentUser()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <span aria-hidden className="mb-3 grid size-9 place-items-center rounded-lg bg-accent-600 text-sm font-bold text-white">FF</span>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Factory Floor</h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Fine-tuning runs on your GPU hosts.</p>
        </div>
        <div className="ff-card p-6 shadow-sm">
          <SignInForm next={next} />
        </div>
        <p className="mt-4 text-center text-xs text-zinc-500 dark:text-zinc-400">
          No account? Ask an admin to invite you. The demo prints the admin login when it starts.
        </p>
      </div>
    </main>
  );
}
