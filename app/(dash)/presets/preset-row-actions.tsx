"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { archivePresetAction, duplicatePresetAction } from "@/app/(dash)/presets/actions";

export function PresetRowActions({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
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
  });
  return (
    <div className="flex items-center justify-end gap-1">
      {error && <span role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</span>}
      <Button size="sm" variant="ghost" disabled={pending} onClick={duplicate}>Duplicate</Button>
      <Button size="sm" variant="ghost" disabled={pending} onClick={toggleArchive}>{archived ? "Restore" : "Archive"}</Button>
    </div>
  );
}
