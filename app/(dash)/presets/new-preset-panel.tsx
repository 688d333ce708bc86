"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { STARTER_PRESET_NAME, STARTER_PRESET_YAML } from "@/lib/presets/starter";
import { createPresetAction } from "@/app/(dash)/presets/actions";

const INPUT = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100";

/**
 * New preset: paste YAML, upload a .yaml file (read as exact text), or start from the starter.
 * Closed, it is the header's button, which opens the form below the header (`?new=1`): a form
 * squeezed into the header's action slot pushed the title aside and broke the page.
 */
export function NewPresetPanel({ defaultOpen = false, cancelHref }: { defaultOpen?: boolean; cancelHref?: string }) {
  const router = useRouter();
  const [open] = useState(defaultOpen);
  const [name, setName] = useState("");
  const [yaml, setYaml] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  if (!open) return <Button variant="primary" onClick={() => router.push("/presets?new=1", { scroll: false })}>New preset</Button>;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setYaml(await file.text());
    if (!name) setName(file.name.replace(/\.ya?ml$/i, ""));
  };
  const submit = () => start(async () => {
    setError(null);
    const r = await createPresetAction({ name, yaml });
    if (r.ok) router.push(`/presets/${r.data.id}`);
    else setError(r.error.message);
  });

  return (
    <form
      aria-label="New preset"
      onSubmit={(e) => { e.preventDefault(); submit(); }}
      className="w-full max-w-3xl space-y-3 rounded-lg border border-zinc-200 bg-white p-4 text-left dark:border-zinc-800 dark:bg-zinc-900"
    >
      <label className="block text-sm">
        <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Name</span>
        <input className={INPUT} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <label className="cursor-pointer text-zinc-600 dark:text-zinc-400">
          Upload .yaml <input type="file" accept=".yaml,.yml,text/yaml" aria-label="Upload YAML file" className="ml-1 text-xs" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        <Button size="sm" onClick={() => { setYaml(STARTER_PRESET_YAML); if (!name) setName(STARTER_PRESET_NAME); }}>Use the starter</Button>
      </div>
      <label className="block text-sm">
        <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">YAML</span>
        <textarea aria-label="Preset YAML" className={`${INPUT} h-72 font-mono text-xs`} value={yaml} onChange={(e) => setYaml(e.target.value)} spellCheck={false} />
      </label>
      <FormError message={error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending || !name || !yaml}>{pending ? "Creating…" : "Create preset"}</Button>
        {cancelHref && <Button onClick={() => router.push(cancelHref, { scroll: false })}>Cancel</Button>}
      </div>
    </form>
  );
}
