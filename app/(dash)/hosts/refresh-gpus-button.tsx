"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { refreshHostAction } from "@/app/(dash)/hosts/actions";

export function RefreshGpusButton({ hostId }: { hostId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-2">
      {error && <span role="alert" className="max-w-sm truncate text-xs text-red-600 dark:text-red-400" title={error}>{error}</span>}
      <Button
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await refreshHostAction({ hostId });
            if (!r.ok) setError(r.error.message);
            router.refresh();
          })
        }
      >
        {pending ? "Refreshing…" : "Refresh GPUs"}
      </Button>
    </div>
  );
}
