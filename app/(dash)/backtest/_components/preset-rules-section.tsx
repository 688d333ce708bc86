// "Early-stop rules" section of the preset page: the preset's stored rule settings in the rules
// editor (read-only below operator). Self-contained so the preset page only renders it.
import Link from "next/link";
import { RulesEditor } from "@/app/components/rules-editor";
import { FormError } from "@/app/components/form-error";
import { defaultRulesConfig } from "@/lib/rules/config";
import { getPresetRules } from "@/lib/rules-settings/list-preset-rules";

export async function PresetRulesSection({ presetId, canEdit }: { presetId: string; canEdit: boolean }) {
  const p = await getPresetRules({ presetId });
  if (!p) return null;
  return (
    <section className="ff-card space-y-3 p-5" aria-labelledby="preset-rules-title" data-testid="preset-rules">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="preset-rules-title" className="text-sm font-semibold text-zinc-900 dark:text-zinc-50">Early-stop rules</h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Runs launched from this preset take a copy of these settings. Try them on finished runs first on the{" "}
            <Link className="text-accent-600 hover:underline dark:text-accent-400" href={`/backtest?preset=${encodeURIComponent(presetId)}`}>Backtest</Link> page.
          </p>
        </div>
      </div>
      {p.error && <FormError message={`The stored rules are invalid (${p.error}); the editor shows the defaults. Saving replaces them.`} />}
      <RulesEditor initial={p.rules ?? defaultRulesConfig()} presetId={presetId} canEdit={canEdit} idPrefix="preset-rules" />
    </section>
  );
}
