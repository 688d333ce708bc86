import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { listApiTokens } from "@/lib/tokens/list-tokens";
import { env } from "@/lib/env";
import { PageHeader } from "@/app/components/page-header";
import { TokensPanel } from "@/app/(dash)/settings/tokens-panel";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const tokens = await listApiTokens({ userId: user.id });
  return (
    <div className="max-w-4xl space-y-5">
      <PageHeader title="Settings" description={`Signed in as ${user.email} (${user.role.toLowerCase()}).`} />
      <section className="ff-card p-4">
        <h2 className="text-sm font-semibold">API tokens</h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          For the <code className="font-mono text-xs">ffloor</code> CLI and scripts calling <a className="text-accent-600 underline dark:text-accent-400" href="/api-docs">/api/v1</a>.
          A token acts as you, with your role. It is shown once; only its hash is stored.
        </p>
        <TokensPanel
          appUrl={env().APP_URL}
          tokens={tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))}
        />
      </section>
    </div>
  );
}
