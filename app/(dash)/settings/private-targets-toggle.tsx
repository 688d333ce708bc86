"use client";
// Admin switch for the SSRF rule: off (default) refuses webhook URLs on loopback, private and
// link-local addresses; on is for receivers on the same network as the install.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setPrivateWebhookTargetsAction } from "@/app/(dash)/settings/webhook-actions";

export function PrivateTargetsToggle({ allowed }: { allowed: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  // Shown at once (the server's answer follows on refresh); put back if the server refuses.
  const [checked, setChecked] = useState(allowed);
  const [pending, start] = useTransition();
  // The box flips outside the transition: a state update inside an async transition is not rendered
  // until the action returns, so the click would look ignored for a round trip.
  const toggle = (allow: boolean) => {
    setError(null);
    setChecked(allow);
    start(async () => {
      const r = await setPrivateWebhookTargetsAction({ allow });
      if (!r.ok) { setError(r.error.message); setChecked(!allow); }
      router.refresh();
    });
  };
  return (
    <div className="mt-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5" checked={checked} disabled={pending} onChange={(e) => toggle(e.target.checked)} />
        <span>
          <span className="font-medium">Allow private targets</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            Off: URLs that point at loopback, private (10.x, 192.168.x …), link-local or cloud-metadata addresses are refused, also when a
            host name resolves to one. Turn on only if your receivers run on this network.
          </span>
        </span>
      </label>
      {error && <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}
