// The runs table as CSV or JSON: every run matching the view's search and filters (not just the page),
// in the view's order, with its chosen columns. Read in pages so memory stays flat.
import { listRuns, type TRunRow, type TRunFilters } from "@/lib/dashboard/list-runs";
import { fromJsonFloat } from "@/lib/metrics/store/float-text";
import { columnLabel, parseColumnId } from "@/lib/runs-table/table-state";
import { csvLine, jsonValue, type TExportValue } from "@/lib/runs-table/export-format";

export const EXPORT_MAX_ROWS = 100_000;
const PAGE = 1000;

const BASE: { key: string; get: (r: TRunRow) => TExportValue }[] = [
  { key: "id", get: (r) => r.id },
  { key: "name", get: (r) => r.name },
  { key: "status", get: (r) => r.status },
  { key: "host", get: (r) => r.hostName },
  { key: "gpus", get: (r) => r.gpuIndices.join(" ") },
  { key: "preset", get: (r) => r.presetName },
  { key: "preset_version", get: (r) => r.presetVersion },
  { key: "step", get: (r) => r.lastStep },
  { key: "total_steps", get: (r) => r.totalSteps },
  { key: "epoch", get: (r) => r.lastEpoch },
  { key: "last_loss", get: (r) => fromJsonFloat(r.lastLoss) },
  { key: "last_eval_loss", get: (r) => fromJsonFloat(r.lastEvalLoss) },
  { key: "verdict", get: (r) => r.verdict },
  { key: "stop_rule", get: (r) => r.stopRule },
  { key: "stop_reason", get: (r) => r.stopReason },
  { key: "tags", get: (r) => r.tags },
  { key: "notes", get: (r) => r.notes },
  { key: "created_by", get: (r) => r.createdByName },
  { key: "created_at", get: (r) => r.createdAt },
  { key: "started_at", get: (r) => r.startedAt },
  { key: "finished_at", get: (r) => r.finishedAt },
];

function cellValue(v: TRunRow["cells"][string]): TExportValue {
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return fromJsonFloat(v);
  return v;
}

export async function* exportTable(s: TRunFilters, format: "csv" | "json"): AsyncGenerator<string> {
  const extra = s.cols.map(parseColumnId).filter((c) => c && c.kind !== "builtin").map((c) => ({ id: c!.id, label: columnLabel(c!) }));
  const headers = [...BASE.map((b) => b.key), ...extra.map((e) => e.id)];
  if (format === "csv") yield csvLine(headers);
  else yield "[";
  let n = 0;
  for (let page = 1; n < EXPORT_MAX_ROWS; page++) {
    const r = await listRuns({ ...s, page, per: PAGE }, { spark: false });
    for (const row of r.rows) {
      const values = [...BASE.map((b) => b.get(row)), ...extra.map((e) => cellValue(row.cells[e.id] ?? null))];
      if (format === "csv") yield csvLine(values);
      else yield (n ? ",\n" : "\n") + JSON.stringify(Object.fromEntries(headers.map((h, i) => [h, jsonValue(values[i])])));
      n++;
    }
    if (!r.more) break;
  }
  if (format === "json") yield "\n]\n";
}
