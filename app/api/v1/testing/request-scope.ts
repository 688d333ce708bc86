// Test-only: runs a function inside the request scope Next gives a server action, so cookies() and
// headers() read the given headers. Lets a test call an exported server action the way a POST from a
// browser would reach it (same authAction → requireRole → session lookup path), without a server.
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { MutableRequestCookiesAdapter, RequestCookiesAdapter } from "next/dist/server/web/spec-extension/adapters/request-cookies";
import { HeadersAdapter } from "next/dist/server/web/spec-extension/adapters/headers";

export async function inActionScope<T>(o: { cookie?: string; headers?: Record<string, string> }, fn: () => Promise<T>): Promise<T> {
  const headers = new Headers({ "user-agent": "access-test", ...o.headers });
  if (o.cookie) headers.set("cookie", o.cookie);
  const cookies = RequestCookiesAdapter.seal(new RequestCookies(headers));
  // What an action may set (the session cookie on sign-in): writable, like Next's own action scope.
  const mutable = MutableRequestCookiesAdapter.wrap(new RequestCookies(headers), () => undefined);
  // incrementalCache: revalidatePath() in a successful action only needs it to exist (it queues tags).
  const workStore = { route: "/access-test", forceStatic: false, dynamicShouldError: false, isStaticGeneration: false, page: "/access-test", incrementalCache: {} };
  const requestStore = {
    type: "request", phase: "action", headers: HeadersAdapter.seal(headers), cookies, mutableCookies: mutable, userspaceMutableCookies: mutable,
    draftMode: undefined, isHmrRefresh: false, serverComponentsHmrCache: undefined, implicitTags: { tags: [], expirationsByCacheKind: new Map() },
  };
  return workAsyncStorage.run(workStore as never, () => workUnitAsyncStorage.run(requestStore as never, fn));
}
