// GET /api/v1/clusters - Slurm clusters; POST /api/v1/clusters - register one (admins).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { createCluster, listClusters } from "@/lib/slurm/create-cluster";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.clustersList, async () => ({ clusters: await listClusters() }));

export const POST = apiHandler(API.clustersCreate, async ({ body, user, meta }) => createCluster({ ...body, userId: user.id }, meta));
