// One readable line per audit row for the audit page. Unknown actions fall back to the raw action,
// so new writers show up without a change here.
export function describeAudit(action: string, data: unknown): string {
  const d = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const s = (k: string) => (typeof d[k] === "string" || typeof d[k] === "number" ? String(d[k]) : "");
  switch (action) {
    case "run.launch": return `launched ${s("name") ? `“${s("name")}”` : "a run"}${Array.isArray(d.gpus) ? ` on GPU ${d.gpus.join(",")}` : ""}${s("advisedChange") ? ` (advised change ${s("advisedChange")})` : ""}${s("sweepId") ? " (sweep trial)" : ""}`;
    case "sweep.create": return `started sweep${s("name") ? ` “${s("name")}”` : ""} (${s("method")}, ${s("budget")} trials, ${s("concurrency")} at once, stopper ${s("stopper")}, seed ${s("seed")})`;
    case "sweep.cancel": return `cancelled sweep${s("name") ? ` “${s("name")}”` : ""}`;
    case "sweep.promote": return `promoted trial ${s("trial")} to preset version ${s("version")}`;
    case "run.resume": return `resumed a run${s("name") ? ` as “${s("name")}”` : ""}`;
    case "run.evaluate": return `launched a checkpoint evaluation${s("checkpoint") ? ` of ${s("checkpoint")}` : ""}${s("dataset") ? ` on ${s("dataset")}` : ""}`;
    case "run.stop": {
      const verb = d.kind === "KILL" ? "kill" : d.kind === "EARLY_STOP" ? "early stop" : "stop";
      if (d.escalated) return "escalated a stop to a kill";
      return `${verb}${s("from") ? ` (was ${s("from")})` : ""}`;
    }
    case "run.label": {
      const n = d.name as { to?: unknown } | undefined;
      const t = d.tags as { to?: unknown } | undefined;
      const parts = [n ? `renamed to “${String(n.to)}”` : "", t && Array.isArray(t.to) ? `tags: ${t.to.join(", ") || "none"}` : "", d.notes ? "edited notes" : ""].filter(Boolean);
      return parts.length ? parts.join("; ") : "saved labels (no change)";
    }
    case "preset.create": return `created preset${s("name") ? ` “${s("name")}”` : ""}`;
    case "preset.save": return `saved version ${s("version")}${s("message") ? `: ${s("message")}` : ""}`;
    case "preset.import": return "imported a preset";
    case "preset.archive": return "archived a preset";
    case "preset.unarchive": return "restored a preset";
    case "preset.duplicate": return `duplicated a preset${s("name") ? ` as “${s("name")}”` : ""}`;
    case "host.profile.save": return `saved runtime profile v${s("version")}${s("host") ? ` of ${s("host")}` : ""}${s("activation") ? ` (${s("activation")})` : " (no activation line)"}${s("message") ? `: ${s("message")}` : ""}`;
    case "host.create": return `added host${s("name") ? ` ${s("name")}` : ""}${s("address") ? ` (${s("address")}:${s("port")})` : ""}`;
    case "user.invite": return `invited ${s("email")} as ${s("role").toLowerCase()}`;
    case "user.role": return `changed ${s("email")} from ${s("from").toLowerCase()} to ${s("to").toLowerCase()}`;
    case "token.create": return `created API token “${s("name")}”`;
    case "token.revoke": return `revoked API token “${s("name")}”`;
    case "webhook.create": return `added webhook “${s("name")}”${s("url") ? ` (${s("url")})` : ""}`;
    case "webhook.enable": return `enabled webhook “${s("name")}”`;
    case "webhook.disable": return `disabled webhook “${s("name")}”`;
    case "webhook.delete": return `deleted webhook “${s("name")}”`;
    case "webhook.test": return `sent a test to webhook “${s("name")}”`;
    case "webhook.rotate": return `rotated the signing secret of webhook “${s("name")}”`;
    case "webhook.redeliver": return `sent a failed delivery again to webhook “${s("name")}”`;
    default: return action;
  }
}
