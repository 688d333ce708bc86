"use client";
// Form view over the same text: every change goes through setKey/deleteKey, so switching back to the
// YAML view shows the file with only the edited lines changed.
import { useMemo, useState } from "react";
import YAML from "yaml";
import { KEY_SPECS, SECTIONS, type TSection } from "@/lib/presets/key-specs";
import { helpFor } from "@/lib/presets/help";
import { renderValue } from "@/lib/presets/render-value";
import { deleteKey, parsePresetYaml, setKey } from "@/lib/presets/yaml";
import { Button } from "@/app/components/button";

type TProps = { yaml: string; onChange: (yaml: string) => void; readOnly: boolean };

function readValue(text: string): unknown {
  return YAML.parse(text, { version: "1.1" }) as unknown;
}

function Field({ k, value, onSet, onRemove, readOnly }: { k: string; value: unknown; onSet: (v: unknown) => void; onRemove: () => void; readOnly: boolean }) {
  const [draft, setDraft] = useState(renderValue(value));
  const [bad, setBad] = useState<string | null>(null);
  const commit = () => {
    if (draft === renderValue(value)) return;
    try { onSet(readValue(draft)); setBad(null); } catch (e) { setBad((e as Error).message.split("\n")[0] ?? "invalid"); }
  };
  return (
    <div className="grid grid-cols-[14rem_minmax(0,1fr)_auto] items-start gap-2 py-1.5" data-key={k}>
      <label htmlFor={`f-${k}`} className="pt-1 font-mono text-xs text-zinc-800 dark:text-zinc-200">{k}</label>
      <div>
        {typeof value === "boolean" ? (
          <input id={`f-${k}`} type="checkbox" checked={value} disabled={readOnly} onChange={(e) => onSet(e.target.checked)} className="mt-1.5" />
        ) : (
          <input id={`f-${k}`} value={draft} readOnly={readOnly} onChange={(e) => setDraft(e.target.value)} onBlur={commit}
            onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); commit(); } }}
            className="w-full rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100" />
        )}
        <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">{helpFor(k) ?? "Not a key this dashboard knows."}</p>
        {bad && <p role="alert" className="text-[11px] text-red-600 dark:text-red-400">{bad}</p>}
      </div>
      {!readOnly && <Button size="sm" variant="ghost" aria-label={`Remove ${k}`} onClick={onRemove}>✕</Button>}
    </div>
  );
}

export function FormView({ yaml, onChange, readOnly }: TProps) {
  const parsed = useMemo(() => parsePresetYaml(yaml), [yaml]);
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  if (!parsed.ok) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">Fix the YAML first: {parsed.error.message}</p>;
  const keys = Object.keys(parsed.config);
  const bySection = (s: TSection) => keys.filter((k) => KEY_SPECS[k]?.section === s);
  const unknown = keys.filter((k) => !KEY_SPECS[k]);
  const apply = (fn: () => string) => { try { onChange(fn()); } catch { /* the lint panel shows why */ } };
  const row = (k: string) => (
    <Field key={`${k}:${renderValue(parsed.config[k])}`} k={k} value={parsed.config[k]} readOnly={readOnly}
      onSet={(v) => apply(() => setKey(yaml, k, v))} onRemove={() => apply(() => deleteKey(yaml, k))} />
  );
  return (
    <div className="space-y-4 rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      {SECTIONS.filter((s) => bySection(s).length > 0).map((s) => (
        <fieldset key={s}>
          <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{s}</legend>
          {bySection(s).map(row)}
        </fieldset>
      ))}
      {unknown.length > 0 && (
        <fieldset><legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-amber-600">unknown keys</legend>{unknown.map(row)}</fieldset>
      )}
      {!readOnly && (
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <select aria-label="Key to add" value={newKey} onChange={(e) => setNewKey(e.target.value)}
            className="rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
            <option value="">Add a key…</option>
            {SECTIONS.map((s) => (
              <optgroup key={s} label={s}>
                {Object.entries(KEY_SPECS).filter(([k, spec]) => spec.section === s && !(k in parsed.config)).map(([k]) => <option key={k} value={k}>{k}</option>)}
              </optgroup>
            ))}
          </select>
          <input aria-label="Value to add" value={newValue} onChange={(e) => setNewValue(e.target.value)} placeholder="value"
            className="rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100" />
          <Button size="sm" disabled={!newKey || newValue === ""} onClick={() => {
            apply(() => setKey(yaml, newKey, readValue(newValue)));
            setNewKey(""); setNewValue("");
          }}>Add</Button>
          {newKey && <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{helpFor(newKey)}</span>}
        </div>
      )}
    </div>
  );
}
