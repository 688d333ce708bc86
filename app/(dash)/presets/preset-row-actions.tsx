"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { archivePresetAction, duplicatePresetAction } from "@/app/(dash)/presets/actions";

export function PresetRowActions({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const duplicate = () => {
    const copyName = window.prompt("Name of the copy", `${name} (copy)`);
    if (!copyName) return;
    start(async () => {
      const r = await duplicatePresetAction({ presetId: id, name: copyName });
      if (r.ok) router.push(`/presets/${r.data.id}`);
      else setError(r.error.message);
    });
  };
  const toggleArchive = () => start(async () => {
    const r = await archivePresetAction({ presetId: id, archived: !archived });
    if (!r.ok) setError(r.error.message);
    setConfirming(false);
  });
  return (
    <div className="flex items-center justify-end gap-1">
      {error && <span role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</span>}
      <Button size="sm" variant="ghost" disabled={pending} onClick={duplicate}>Duplicate</Button>
      {/* Restoring is harmless; archiving hides the preset from the list and the launch form, so it asks first. */}
      <Button size="sm" variant="ghost" disabled={pending} onClick={archived ? toggleArchive : () => setConfirming(true)}>{archived ? "Restore" : "Archive"}</Button>
      <ConfirmDialog open={confirming} title={`Archive preset "${name}"?`} confirmLabel="Archive preset" busy={pending}
        onConfirm={toggleArchive} onCancel={() => setConfirming(false)}>
        It leaves the presets list and the launch form. Its versions and the runs that used them are kept: <b>Show archived</b>, then
        <b> Restore</b>, brings it back.
      </ConfirmDialog>
    </div>
  );
}
