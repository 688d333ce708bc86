"use client";
// Form view over the same text: every change goes through setKey/deleteKey, so switching back to the
// YAML view shows the file with only the edited lines changed. Enum keys are selects (values from the
// key catalogue); each field is checked as you type with the same checkKey the linter uses, and the
// file's other findings for that key (cross-key rules, warnings) are shown on the field too.
import { useMemo, useState } from "react";
import YAML from "yaml";
import { KEY_SPECS, SECTIONS, type TSection } from "@/lib/presets/key-specs";
import { choicesFor, acceptedKeys } from "@/lib/presets/key-catalog";
import { checkKey, lintContext } from "@/lib/presets/lint-config";
import { LF_KEYS, HF_KEYS } from "@/lib/presets/lf-keys.generated";
import { isSecretKey, SECRET_MASK } from "@/lib/presets/secret-keys";
import { helpFor } from "@/lib/presets/help";
import { renderValue } from "@/lib/presets/render-value";
import { deleteKey, parsePresetYaml, setKey } from "@/lib/presets/yaml";
import type { TIssue } from "@/lib/presets/types";
import { Button } from "@/app/components/button";

type TProps = { yaml: string; onChange: (yaml: string) => void; readOnly: boolean; allowExtraKeys: boolean; errors: TIssue[]; warnings: TIssue[] };

const INPUT = "w-full rounded border bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-950 dark:text-zinc-100";
const { ctx } = lintContext();

function readValue(text: string): unknown {
  return YAML.parse(text, { version: "1.1" }) as unknown;
}
const helpOf = (k: string) => helpFor(k) ?? LF_KEYS[k]?.help ?? HF_KEYS[k]?.help;

function Field({ k, value, onSet, onRemove, readOnly, allowExtraKeys, fileErrors, fileWarnings }: {
  k: string; value: unknown; onSet: (v: unknown) => void; onRemove: () => void; readOnly: boolean; allowExtraKeys: boolean; fileErrors: string[]; fileWarnings: string[];
}) {
  const [draft, setDraft] = useState(renderValue(value));
  const [live, setLive] = useState<string | null>(null);
  const choices = choicesFor(k, ctx);
  const secret = isSecretKey(k) || value === SECRET_MASK;
  // As you type: the same check the linter applies to this key alone (type, enum, range, rename).
  const check = (text: string): { value?: unknown; error: string | null } => {
    let v: unknown;
    try { v = readValue(text); } catch (e) { return { error: `not valid YAML: ${(e as Error).message.split("\n")[0]}` }; }
    return { value: v, error: checkKey(k, v, ctx, allowExtraKeys).error?.message ?? null };
  };
  const commit = (text = draft) => {
    if (text === renderValue(value)) return;
    const r = check(text);
    if (r.error && r.error.startsWith("not valid YAML")) return setLive(r.error);
    onSet(r.value); // an invalid value is still written: the lint panel and this field say why
  };
  const shown = live ?? fileErrors[0] ?? null;
  const id = `f-${k}`;
  const border = shown ? "border-red-500 dark:border-red-500" : "border-zinc-300 dark:border-zinc-700";
  return (
    <div className="grid grid-cols-[minmax(8rem,14rem)_minmax(0,1fr)_auto] items-start gap-2 py-1.5" data-key={k}>
      <label htmlFor={id} className="break-all pt-1 font-mono text-xs text-zinc-800 dark:text-zinc-200">{k}</label>
      <div>
        {typeof value === "boolean" ? (
          <input id={id} type="checkbox" checked={value} disabled={readOnly} onChange={(e) => onSet(e.target.checked)} className="mt-1.5" />
        ) : choices && (typeof value === "string" || value === null) ? (
          <select id={id} value={typeof value === "string" ? value : ""} disabled={readOnly} aria-invalid={!!shown} aria-describedby={shown ? `${id}-err` : undefined}
            onChange={(e) => { setLive(null); onSet(e.target.value); }} className={`${INPUT} ${border}`}>
            {(typeof value !== "string" || !choices.includes(value)) && <option value={typeof value === "string" ? value : ""}>{typeof value === "string" ? `${value} (not valid)` : "(unset)"}</option>}
            {choices.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ) : (
          <input id={id} value={draft} readOnly={readOnly} type={secret && draft === SECRET_MASK ? "password" : "text"} autoComplete="off" spellCheck={false}
            aria-invalid={!!shown} aria-describedby={shown ? `${id}-err` : undefined}
            onChange={(e) => { setDraft(e.target.value); setLive(check(e.target.value).error); }} onBlur={() => commit()}
            onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); commit(); } }}
            className={`${INPUT} ${border}`} />
        )}
        {secret && value === SECRET_MASK && <p className="mt-0.5 text-[11px] font-medium text-emerald-700 dark:text-emerald-400" data-testid={`secret-${k}`}>Secret: stored encrypted, shown masked. Type a new value to replace it.</p>}
        <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">{helpOf(k) ?? "Not a key this LLaMA-Factory version knows."}</p>
        {shown && <p id={`${id}-err`} role="alert" className="text-[11px] font-medium text-red-600 dark:text-red-400">{shown}</p>}
        {!shown && fileWarnings.map((w, i) => <p key={i} className="text-[11px] text-amber-700 dark:text-amber-400">{w}</p>)}
      </div>
      {!readOnly && <Button size="sm" variant="ghost" aria-label={`Remove ${k}`} onClick={onRemove}>✕</Button>}
    </div>
  );
}

export function FormView({ yaml, onChange, readOnly, allowExtraKeys, errors, warnings }: TProps) {
  const parsed = useMemo(() => parsePresetYaml(yaml), [yaml]);
  const accepted = useMemo(() => new Set(acceptedKeys(ctx)), []);
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  if (!parsed.ok) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">Fix the YAML first: {parsed.error.message}</p>;
  const keys = Object.keys(parsed.config);
  const sectionOf = (k: string): TSection | "other" => KEY_SPECS[k]?.section ?? (accepted.has(k) ? "other" : "other");
  const bySection = (s: TSection) => keys.filter((k) => sectionOf(k) === s);
  const other = keys.filter((k) => sectionOf(k) === "other" && accepted.has(k));
  const unknown = keys.filter((k) => !accepted.has(k));
  const apply = (fn: () => string) => { try { onChange(fn()); } catch { /* the lint panel shows why */ } };
  const row = (k: string) => (
    <Field key={`${k}:${renderValue(parsed.config[k])}`} k={k} value={parsed.config[k]} readOnly={readOnly} allowExtraKeys={allowExtraKeys}
      fileErrors={errors.filter((e) => e.key === k).map((e) => e.message)} fileWarnings={warnings.filter((w) => w.key === k).map((w) => w.message)}
      onSet={(v) => apply(() => setKey(yaml, k, v))} onRemove={() => apply(() => deleteKey(yaml, k))} />
  );
  const legend = "mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400";
  const addChoices = newKey ? choicesFor(newKey, ctx) : null;
  return (
    <div className="space-y-4 rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="form-view">
      {SECTIONS.filter((s) => bySection(s).length > 0).map((s) => (
        <fieldset key={s}><legend className={legend}>{s}</legend>{bySection(s).map(row)}</fieldset>
      ))}
      {other.length > 0 && <fieldset><legend className={legend}>other LLaMA-Factory / transformers keys</legend>{other.map(row)}</fieldset>}
      {unknown.length > 0 && (
        <fieldset><legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-red-600 dark:text-red-400">unknown keys{allowExtraKeys ? " (allowed: ALLOW_EXTRA_ARGS=1)" : " (LF refuses them)"}</legend>{unknown.map(row)}</fieldset>
      )}
      {!readOnly && (
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <select aria-label="Key to add" value={newKey} onChange={(e) => { setNewKey(e.target.value); setNewValue(""); }}
            className="rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
            <option value="">Add a key…</option>
            {SECTIONS.map((s) => (
              <optgroup key={s} label={s}>
                {Object.entries(KEY_SPECS).filter(([k, spec]) => spec.section === s && !(k in parsed.config)).map(([k]) => <option key={k} value={k}>{k}</option>)}
              </optgroup>
            ))}
            <optgroup label="other">
              {[...accepted].filter((k) => !KEY_SPECS[k] && !(k in parsed.config)).sort().map((k) => <option key={k} value={k}>{k}</option>)}
            </optgroup>
          </select>
          {addChoices ? (
            <select aria-label="Value to add" value={newValue} onChange={(e) => setNewValue(e.target.value)}
              className="rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
              <option value="">value…</option>
              {addChoices.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          ) : (
            <input aria-label="Value to add" value={newValue} onChange={(e) => setNewValue(e.target.value)} placeholder="value"
              className="rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100" />
          )}
          <Button size="sm" disabled={!newKey || newValue === ""} onClick={() => {
            apply(() => setKey(yaml, newKey, addChoices ? newValue : readValue(newValue)));
            setNewKey(""); setNewValue("");
          }}>Add</Button>
          {newKey && <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{helpOf(newKey)}</span>}
        </div>
      )}
    </div>
  );
}
