// Must be the first import of a test that enters a Next request scope: Next picks its
// AsyncLocalStorage implementation when its modules first load (the server sets this global at boot).
import { AsyncLocalStorage } from "node:async_hooks";

(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
