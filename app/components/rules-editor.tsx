"use client";
// Early-stop rule settings: per rule its mode (off / alert / stop) and parameters, with defaults and
// one-line explanations read from the schema (lib/rules-settings/rule-params). Validated with
// ZRulesConfig as you type; the parent gets a config only when it is valid (null otherwise).
import { useMemo, useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { defaultRulesConfig, type TRulesConfig } from "@/lib/rules/config";
import { ruleSpecs, type TParamSpec } from "@/lib/rules-settings/rule-params";
import { parseRules } from "@/lib/rules-settings/parse-rules";
import { savePresetRulesAction } from "@/app/(dash)/backtest/actions";

type TDraft = Record<string, Record<string, string | boolean>>;
const MODES = ["off", "alert", "stop"] as const;

function toDraft(cfg: TRulesConfig): TDraft {
  const out: TDraft = {};
  for (const [rule, vals] of Object.entries(cfg as unknown as Record<string, Record<string, unknown>>)) {
    out[rule] = Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, typeof v === "boolean" ? v : String(v)]));
  }
  return out;
}

function fromDraft(d: TDraft, specs: ReturnType<typeof ruleSpecs>): { value: unknown; badField: string | null } {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const src = d[s.rule] ?? {};
    const o: Record<string, unknown> = {};
    if (s.hasMode) o.mode = src.mode;
    for (const p of s.params) {
      const raw = src[p.key];
      if (p.kind === "boolean") { o[p.key] = raw === true; continue; }
      const txt = String(raw ?? "").trim();
      const n = Number(txt);
      if (txt === "" || !Number.isFinite(n)) return { value: null, badField: `${s.rule}.${p.key}` };
      o[p.key] = n;
    }
    out[s.rule] = o;
  }
  return { value: out, badField: null };
}

const fmtDefault = (p: TParamSpec) => (typeof p.default === "boolean" ? (p.default ? "on" : "off") : String(p.default));
const range = (p: TParamSpec) =>
  p.min !== null && p.max !== null ? `${p.min}–${p.max}` : p.min !== null ? `≥ ${p.min}` : p.max !== null ? `≤ ${p.max}` : "";

export function RulesEditor(p: {
  initial: TRulesConfig;
  /** Called with the parsed config after each edit, or null while a field is invalid. */
  onChange?: (rules: TRulesConfig | null) => void;
  /** When set (and canEdit), a "Save rules" button writes Preset.rules. */
  presetId?: string;
  canEdit?: boolean;
  idPrefix?: string;
}) {
  const specs = useMemo(() => ruleSpecs(), []);
  const [draft, setDraft] = useState<TDraft>(() => toDraft(p.initial));
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const editable = p.canEdit ?? true;
  const idp = p.idPrefix ?? "rules";

  const check = useMemo(() => {
    const { value, badField } = fromDraft(draft, specs);
    if (badField) return { ok: false as const, field: badField, message: `${badField}: enter a number` };
    const r = parseRules(value);
    return r.ok ? { ok: true as const, rules: r.rules } : { ok: false as const, field: r.field ?? null, message: r.message };
  }, [draft, specs]);

  const update = (next: TDraft) => {
    setDraft(next);
    setSaved(null);
    if (!p.onChange) return;
    const { value, badField } = fromDraft(next, specs);
    const r = badField ? null : parseRules(value);
    p.onChange(r && r.ok ? r.rules : null);
  };
  const set = (rule: string, key: string, v: string | boolean) => update({ ...draft, [rule]: { ...draft[rule], [key]: v } });

  const save = () =>
    start(async () => {
      if (!p.presetId || !check.ok) return;
      setSaveError(null);
      const r = await savePresetRulesAction({ presetId: p.presetId, rules: check.rules });
      if (!r.ok) return setSaveError(r.error.message);
      setSaved("Rules saved to the preset.");
    });

  return (
    <div className="space-y-3" data-testid="rules-editor">
      <div className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {specs.map((s) => {
          const mode = String(draft[s.rule]?.mode ?? s.defaultMode ?? "");
          return (
            <fieldset key={s.rule} className="grid grid-cols-1 gap-3 p-3 md:grid-cols-[14rem_1fr]" data-rule={s.rule} disabled={!editable}
              aria-labelledby={`${idp}-${s.rule}-title`}>
              <div>
                <div id={`${idp}-${s.rule}-title`} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{s.label}</div>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{s.help}</p>
                {s.hasMode && (
                  <div role="radiogroup" aria-label={`${s.label} mode`} className="mt-2 inline-flex overflow-hidden rounded-md border border-zinc-300 text-xs dark:border-zinc-700">
                    {MODES.map((m) => (
                      <label key={m} className={`cursor-pointer px-2.5 py-1 ${mode === m
                        ? m === "stop" ? "bg-red-600 text-white" : m === "alert" ? "bg-amber-500 text-white" : "bg-zinc-600 text-white"
                        : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}>
                        <input type="radio" className="sr-only" name={`${idp}-${s.rule}-mode`} value={m} checked={mode === m}
                          onChange={() => set(s.rule, "mode", m)} aria-label={`${s.label}: ${m}`} />
                        {m}
                      </label>
                    ))}
                  </div>
                )}
                {s.hasMode && s.defaultMode !== mode && <p className="mt-1 text-[11px] text-zinc-400">default: {s.defaultMode}</p>}
              </div>
              <div className={`grid grid-cols-1 gap-2 sm:grid-cols-2 xl:grid-cols-3 ${mode === "off" ? "opacity-50" : ""}`}>
                {s.params.map((prm) => {
                  const id = `${idp}-${s.rule}-${prm.key}`;
                  const v = draft[s.rule]?.[prm.key];
                  const bad = !check.ok && check.field === `${s.rule}.${prm.key}`;
                  return (
                    <div key={prm.key}>
                      {prm.kind === "boolean" ? (
                        <label htmlFor={id} className="ff-label flex items-center gap-2">
                          <input id={id} type="checkbox" checked={v === true} onChange={(e) => set(s.rule, prm.key, e.target.checked)} className="accent-accent-600" />
                          <span className="font-mono">{prm.key}</span>
                        </label>
                      ) : (
                        <>
                          <label htmlFor={id} className="ff-label font-mono">{prm.key}</label>
                          <input id={id} className="ff-input font-mono text-xs" inputMode="decimal" value={String(v ?? "")}
                            aria-invalid={bad || undefined} onChange={(e) => set(s.rule, prm.key, e.target.value)} />
                        </>
                      )}
                      <p className="mt-0.5 text-[11px] leading-snug text-zinc-500 dark:text-zinc-400">
                        {prm.help} <span className="text-zinc-400">default {fmtDefault(prm)}{range(prm) ? ` · ${range(prm)}` : ""}{prm.kind === "int" ? " · whole number" : ""}</span>
                      </p>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
      </div>
      {!check.ok && <FormError message={check.message} />}
      <FormError message={saveError} />
      {editable && (
        <div className="flex flex-wrap items-center justify-end gap-2">
          {saved && <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">{saved}</span>}
          <Button variant="ghost" size="sm" onClick={() => update(toDraft(defaultRulesConfig()))}>Reset to defaults</Button>
          {p.presetId && (
            <Button variant="primary" size="sm" onClick={save} disabled={pending || !check.ok}>{pending ? "Saving…" : "Save rules"}</Button>
          )}
        </div>
      )}
    </div>
  );
}
