// GET /api/runs/{id}/gpu - the run page's GPU utilisation/memory charts (nvidia-smi samples).
import { NextResponse } from "next/server";
import { withAuth, AppError } from "@/lib/auth/with-auth";
import { prisma } from "@/lib/db";
import { getRunGpuSamples } from "@/lib/runs/get-gpu-samples";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  if (!(await prisma.run.findUnique({ where: { id }, select: { id: true } }))) throw new AppError("not_found", "Run not found.");
  return NextResponse.json(await getRunGpuSamples({ runId: id }), { headers: { "cache-control": "no-store" } });
});
