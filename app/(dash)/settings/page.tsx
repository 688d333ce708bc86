import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { listApiTokens } from "@/lib/tokens/list-tokens";
import { env } from "@/lib/env";
import { PageHeader } from "@/app/components/page-header";
import { TokensPanel } from "@/app/(dash)/settings/tokens-panel";
import { hasRole } from "@/lib/auth/roles";
import { getAppSettings } from "@/lib/settings/app-settings";
import { PrivateTargetsToggle } from "@/app/(dash)/settings/private-targets-toggle";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { listWebhookDeliveries } from "@/lib/webhooks/list-deliveries";
import { SUBSCRIBABLE_EVENTS, WEBHOOK_EVENTS } from "@/lib/webhooks/event-types";
import { WebhooksPanel } from "@/app/(dash)/settings/webhooks-panel";
import { WebhookDeliveries } from "@/app/(dash)/settings/webhook-deliveries";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const tokens = await listApiTokens({ userId: user.id });
  // Webhooks are install-wide and their log names runs and endpoints: admins only, not even read-only for others.
  const admin = hasRole(user.role, "ADMIN");
  const [webhooks, deliveries, settings] = admin ? await Promise.all([listWebhooks(), listWebhookDeliveries({ limit: 50 }), getAppSettings()]) : [[], [], null];
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
      {admin && (
        <section className="ff-card p-4" aria-labelledby="webhooks-heading">
          <h2 id="webhooks-heading" className="text-sm font-semibold">Webhooks</h2>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Factory Floor POSTs JSON to these URLs when runs change state or rules fire, signed with each endpoint’s secret
            (<code className="font-mono text-xs">X-FF-Signature</code>). Failed deliveries are retried with backoff for about 20 minutes. Admins only.
          </p>
          <PrivateTargetsToggle allowed={settings?.allowPrivateWebhookTargets ?? false} />
          <WebhooksPanel
            eventOptions={SUBSCRIBABLE_EVENTS.map((e) => ({ type: e.type, wire: e.wire, label: e.label }))}
            webhooks={webhooks.map((w) => ({ id: w.id, name: w.name, url: w.url, events: w.events, enabled: w.enabled, delivered: w.delivered, pending: w.pending, failed: w.failed }))}
          />
          <h3 className="mt-6 text-sm font-semibold">Recent deliveries</h3>
          <WebhookDeliveries deliveries={deliveries} wire={Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e.type, e.wire]))} />
        </section>
      )}
    </div>
  );
}
