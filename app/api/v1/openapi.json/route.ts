// GET /api/v1/openapi.json - the OpenAPI 3.1 document generated from lib/api's zod schemas.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { buildOpenApi } from "@/lib/api/openapi";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.openapi, async () => buildOpenApi({ serverUrl: env().APP_URL }));
