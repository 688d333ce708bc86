"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { checkPresetYaml } from "@/lib/presets/validate-preset-yaml";
import { revealPresetSecretsAction, savePresetVersionAction } from "@/app/(dash)/presets/actions";
import { maskedKeysOf } from "@/app/(dash)/presets/[id]/masked-keys";
import { FormView } from "@/app/(dash)/presets/[id]/form-view";
import { downloadYaml, yamlFileName } from "@/app/(dash)/presets/[id]/download-yaml";

type TProps = { presetId: string; presetName: string; baseVersion: number; savedYaml: string; canEdit: boolean; savedAllowExtraKeys: boolean };

export function PresetEditor({ presetId, presetName, baseVersion, savedYaml, canEdit, savedAllowExtraKeys }: TProps) {
  const router = useRouter();
  const [yaml, setYaml] = useState(savedYaml);
  const [view, setView] = useState<"yaml" | "form">("yaml");
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [allowExtraKeys, setAllowExtraKeys] = useState(savedAllowExtraKeys);
  const [revealed, setRevealed] = useState(false);
  const lint = useMemo(() => checkPresetYaml(yaml, { allowExtraKeys }), [yaml, allowExtraKeys]);
  const dirty = yaml !== savedYaml || allowExtraKeys !== savedAllowExtraKeys;
  const masked = useMemo(() => maskedKeysOf(savedYaml), [savedYaml]);
  const reveal = () => start(async () => {
    setError(null);
    const r = await revealPresetSecretsAction({ presetId, version: baseVersion });
    if (r.ok) { setYaml(r.data.yaml); setRevealed(true); } else setError(r.error.message);
  });

  const save = () => start(async () => {
    setError(null);
    const r = await savePresetVersionAction({ presetId, yaml, message, baseVersion, allowExtraKeys });
    if (r.ok) { setMessage(""); router.refresh(); }
    else setError(r.error.message);
  });

  const tab = (v: "yaml" | "form", label: string) => (
    <button type="button" role="tab" aria-selected={view === v} onClick={() => setView(v)}
      className={`rounded-md px-2.5 py-1 text-xs font-medium ${view === v ? "bg-zinc-200 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`}>
      {label}
    </button>
  );

  return (
    <section aria-label="Editor" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div role="tablist" className="flex gap-1 rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">{tab("yaml", "YAML")}{tab("form", "Form")}</div>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{dirty ? "Unsaved changes" : `Saved as version ${baseVersion}`}</span>
        {masked.length > 0 && (
          <span className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="sealed-note">
            {revealed ? `Showing ${masked.join(", ")} in clear text (audited)` : `${masked.join(", ")} sealed: stored encrypted, masked here and in exports`}
          </span>
        )}
        <div className="ml-auto flex gap-2">
          {canEdit && masked.length > 0 && !revealed && <Button size="sm" variant="ghost" onClick={reveal} disabled={pending}>Reveal secrets</Button>}
          <Button size="sm" onClick={() => downloadYaml(yamlFileName(presetName, baseVersion), savedYaml)}>Export .yaml</Button>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div>
          {view === "yaml" ? (
            <textarea aria-label="Preset YAML" value={yaml} readOnly={!canEdit} spellCheck={false} onChange={(e) => setYaml(e.target.value)}
              className="h-[32rem] w-full rounded-md border border-zinc-300 bg-white p-3 font-mono text-xs leading-5 text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100" />
          ) : (
            <FormView yaml={yaml} onChange={setYaml} readOnly={!canEdit} allowExtraKeys={allowExtraKeys} errors={lint.errors} warnings={lint.warnings} />
          )}
        </div>
        <aside aria-label="Lint" className="space-y-2 text-xs">
          <div className={`font-medium ${lint.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
            {lint.ok ? "Valid training config" : `${lint.errors.length} error${lint.errors.length === 1 ? "" : "s"}`}
            {lint.warnings.length > 0 && <span className="text-amber-700 dark:text-amber-400"> · {lint.warnings.length} warning{lint.warnings.length === 1 ? "" : "s"}</span>}
          </div>
          <ul className="space-y-1" data-testid="lint-list">
            {lint.errors.map((e, i) => (
              <li key={`e${i}`} className="rounded border border-red-200 bg-red-50 px-2 py-1 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
                <code className="font-semibold">{e.key || "file"}</code>: {e.message}
              </li>
            ))}
            {lint.warnings.map((w, i) => (
              <li key={`w${i}`} className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
                <code className="font-semibold">{w.key || "file"}</code>: {w.message}
              </li>
            ))}
          </ul>
        </aside>
      </div>
      {canEdit && (
        <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => { e.preventDefault(); save(); }}>
          <label className="flex items-center gap-1.5 text-xs text-zinc-700 dark:text-zinc-300" title="LLaMA-Factory refuses keys it does not know; with this on, launch sets ALLOW_EXTRA_ARGS=1 and unknown keys are warnings">
            <input type="checkbox" checked={allowExtraKeys} onChange={(e) => setAllowExtraKeys(e.target.checked)} data-testid="allow-extra-keys" />
            Allow extra keys (ALLOW_EXTRA_ARGS=1)
          </label>
          <input aria-label="Version message" placeholder="What changed (optional)" value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)}
            className="min-w-64 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100" />
          <Button type="submit" variant="primary" disabled={pending || !dirty || !lint.ok}>{pending ? "Saving…" : "Save new version"}</Button>
          {dirty && <Button onClick={() => setYaml(savedYaml)}>Discard</Button>}
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
