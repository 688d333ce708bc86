"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { killRunsAction } from "@/app/(dash)/_runs/actions";
import { KillDescription, killTitle } from "@/app/(dash)/_runs/kill-description";

type TKillTarget = { id: string; name: string; hostName: string; status: string };

/** Names every run and host before anything is signalled; the ladder itself runs in the worker. */
export function KillRunsDialog({ runs, onClose }: { runs: TKillTarget[]; onClose: (done: boolean) => void }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const queued = runs.filter((r) => r.status === "QUEUED").length;
  // Only queued runs: nothing is signalled, so say "cancel" (the run page's Cancel button lands here).
  const onlyQueued = queued === runs.length;
  const one = runs.length === 1 ? runs[0] : undefined;
  return (
    <ConfirmDialog
      open
      title={onlyQueued
        ? (one ? `Cancel "${one.name}" on ${one.hostName}?` : `Cancel ${runs.length} queued runs?`)
        : (one ? killTitle(one.name, one.hostName) : `Kill ${runs.length} runs?`)}
      confirmLabel={onlyQueued ? (one ? "Cancel run" : `Cancel ${runs.length} runs`) : (one ? "Kill run" : `Kill ${runs.length} runs`)}
      cancelLabel={onlyQueued ? (one ? "Keep it queued" : "Keep them queued") : "Cancel"}
      busy={pending}
      error={error}
      onCancel={() => onClose(false)}
      onConfirm={() =>
        start(async () => {
          setError(null);
          const r = await killRunsAction({ runIds: runs.map((x) => x.id) });
          if (!r.ok) return setError(r.error.message);
          const failed = r.data.filter((x) => !x.ok);
          router.refresh();
          if (failed.length) return setError(failed.map((f) => `${runs.find((x) => x.id === f.runId)?.name ?? f.runId}: ${f.message}`).join("\n"));
          onClose(true);
        })
      }
    >
      {onlyQueued ? (
        <p>
          {one ? "It has" : "They have"} not started: {one ? "it leaves" : "they leave"} the queue and nothing is sent to the host. The
          runs behind move up.
        </p>
      ) : (
        <>
          <KillDescription many={!one} {...(one ? { hostName: one.hostName } : {})} />
          {queued > 0 && <p className="mt-2">{queued === 1 ? "The queued run is" : `${queued} queued runs are`} cancelled without touching the host.</p>}
        </>
      )}
      <ul className="mt-3 max-h-48 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 text-xs dark:border-zinc-700" data-testid="kill-list">
        {runs.map((r) => (
          <li key={r.id} className="flex justify-between gap-3">
            <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{r.name}</span>
            <span className="whitespace-nowrap text-zinc-500">on {r.hostName}</span>
          </li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
