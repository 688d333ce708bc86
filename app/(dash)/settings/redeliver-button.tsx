"use client";
// "Send again" on a failed delivery in the log (the log itself is server-rendered).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { redeliverWebhookAction } from "@/app/(dash)/settings/webhook-actions";

export function RedeliverButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const send = () => start(async () => {
    setError(null);
    const r = await redeliverWebhookAction({ deliveryId });
    if (!r.ok) setError(r.error.message);
    router.refresh();
  });
  return (
    <span className="inline-flex items-center gap-1">
      <Button size="sm" variant="ghost" disabled={pending} onClick={send} data-testid="redeliver">{pending ? "Sending…" : "Send again"}</Button>
      {error && <span className="text-[11px] text-red-600 dark:text-red-400" role="alert">{error}</span>}
    </span>
  );
}
