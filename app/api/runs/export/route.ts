// GET /api/runs/export?format=csv|json&<the runs table's URL params> - the whole filtered table, not one page.
import { z } from "zod";
import { withAuth } from "@/lib/auth/with-auth";
import { parseTableState } from "@/lib/runs-table/table-state";
import { exportTable } from "@/lib/runs-table/export-table";
import { streamDownload } from "@/lib/runs-table/stream-response";

export const dynamic = "force-dynamic";

const ZFormat = z.enum(["csv", "json"], { message: "format: must be csv or json" });

export const GET = withAuth(async (req) => {
  const format = ZFormat.parse(req.nextUrl.searchParams.get("format") ?? "csv");
  const state = parseTableState(req.nextUrl.searchParams);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return streamDownload(exportTable(state, format), { filename: `runs-${stamp}.${format}`, format });
});
