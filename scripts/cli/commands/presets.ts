// `ffloor presets list | import FILE [--name N] [--message M] | export NAME [--version V] [--out FILE]`.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { remoteCommand, UsageError } from "@/lib/api/cli-command";
import { table } from "@/lib/api/cli-format";

const USAGE = "usage: ffloor presets list | import FILE.yaml [--name NAME] [--message M] | export NAME [--version N] [--out FILE] [--json]\n";

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { name: { type: "string" }, message: { type: "string" }, version: { type: "string" }, out: { type: "string" }, archived: { type: "boolean" } },
    async ({ values, positionals, api, o }) => {
      const [sub, arg] = positionals;
      if (sub === "list") {
        const r = await api.get<{ presets: { id: string; name: string; latestVersion: number | null; updatedAt: string; updatedBy: string | null; archived: boolean }[] }>(
          `/presets${values.archived ? "?includeArchived=true" : ""}`);
        o.emit(r);
        o.print(r.presets.length === 0 ? "No presets." : table(["NAME", "VERSION", "UPDATED", "BY", "ID"],
          r.presets.map((p) => [p.name + (p.archived ? " (archived)" : ""), String(p.latestVersion ?? "—"), p.updatedAt.slice(0, 16).replace("T", " "), p.updatedBy ?? "—", p.id])));
        return 0;
      }
      if (sub === "import") {
        if (!arg) throw new UsageError("import needs a FILE");
        const text = await readFile(arg, "utf8").catch((e: NodeJS.ErrnoException) => { throw new Error(e.code === "ENOENT" ? `no such file: ${arg}` : e.message); });
        const name = values.name ?? path.basename(arg).replace(/\.ya?ml$/i, "");
        const q = new URLSearchParams({ name, ...(values.message ? { message: values.message } : {}) });
        const r = await api.postText<{ id: string; version: number; created: boolean; unchanged: boolean }>(`/presets/import?${q}`, text, "application/yaml");
        o.emit({ ok: true, name, ...r });
        o.print(r.created ? `Created preset "${name}" (version 1)` : r.unchanged ? `Preset "${name}" is unchanged (version ${r.version})` : `Saved preset "${name}" version ${r.version}`);
        return 0;
      }
      if (sub === "export") {
        if (!arg) throw new UsageError("export needs a preset NAME or id");
        const yaml = await api.getText(`/presets/${encodeURIComponent(arg)}/export${values.version ? `?version=${encodeURIComponent(values.version)}` : ""}`);
        if (values.out) await writeFile(values.out, yaml);
        o.emit({ ok: true, name: arg, yaml, ...(values.out ? { file: values.out } : {}) });
        if (!o.json) process.stdout.write(values.out ? `Wrote ${values.out}\n` : yaml);
        return 0;
      }
      throw new UsageError(sub ? `unknown subcommand ${sub}` : "missing subcommand");
    });
}
