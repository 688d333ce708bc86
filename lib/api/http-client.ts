// The CLI's HTTP client for /api/v1: bearer token, JSON in/out, and API errors turned into one
// readable line ("invalid: gpus: pick at least one GPU").
import type { TCliConfig } from "@/lib/api/cli-config";

export class ApiCallError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string, readonly fields?: { field: string; message: string }[]) {
    super(message);
  }
}

export type TApiClient = {
  get<T = any>(path: string): Promise<T>;
  getText(path: string): Promise<string>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
  put<T = any>(path: string, body: unknown): Promise<T>;
  postText<T = any>(path: string, text: string, contentType: string): Promise<T>;
  base: string;
};

export function apiClient(cfg: TCliConfig): TApiClient {
  const base = cfg.url.replace(/\/$/, "");
  async function send(method: string, path: string, body?: string, contentType?: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${cfg.token}`, accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    } catch (e) {
      throw new ApiCallError(0, "unreachable", `cannot reach ${base}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
    }
    if (res.ok) return res;
    let err: { code?: string; message?: string; field?: string; fields?: { field: string; message: string }[] } = {};
    try { err = ((await res.json()) as { error?: typeof err }).error ?? {}; } catch { /* not JSON */ }
    throw new ApiCallError(res.status, err.code ?? `http_${res.status}`, `${err.code ?? res.status}: ${err.message ?? res.statusText}`, err.field, Array.isArray(err.fields) ? err.fields : undefined);
  }
  return {
    base,
    get: async (p) => (await send("GET", p)).json(),
    getText: async (p) => (await send("GET", p)).text(),
    post: async (p, b) => (await send("POST", p, JSON.stringify(b ?? {}), "application/json")).json(),
    put: async (p, b) => (await send("PUT", p, JSON.stringify(b), "application/json")).json(),
    postText: async (p, t, ct) => (await send("POST", p, t, ct)).json(),
  };
}
