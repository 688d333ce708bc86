// GET /api/worker-health - the banner's 10-second poll: is any worker process alive?
import { NextResponse } from "next/server";
import { withAuth } from "@/lib/auth/with-auth";
import { readWorkerHealth } from "@/lib/worker-health/read-worker-health";

export const dynamic = "force-dynamic";

export const GET = withAuth(async () => {
  return NextResponse.json(await readWorkerHealth(), { headers: { "cache-control": "no-store" } });
});
