import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { PageHeader } from "@/app/components/page-header";
import { ChangePasswordForm } from "@/app/(dash)/account/change-password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; first?: string }> }) {
  const me = await requireUser();
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === "string" ? sp.next : undefined);
  return (
    <div className="max-w-xl space-y-5">
      <PageHeader title="Account" description={`Signed in as ${me.email} (${me.role.toLowerCase()}).`} />
      {me.mustChangePassword && (
        <div role="status" data-testid="must-change-password" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200">
          You signed in with a temporary password from an invite. Choose your own password to continue.
        </div>
      )}
      <section className="ff-card p-4">
        <h2 className="text-sm font-semibold">Change password</h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">At least 10 characters. Your other sessions are signed out; this one stays.</p>
        <ChangePasswordForm next={me.mustChangePassword ? next : null} />
      </section>
    </div>
  );
}
