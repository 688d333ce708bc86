// Patches http.Server so every incoming request carries its socket's remote address in PEER_HEADER
// (set before Next reads the request; a client-sent header of that name is replaced).
import http from "node:http";
import { PEER_HEADER } from "@/lib/auth/client-ip";

const g = globalThis as { ffPeerHeaderInstalled?: boolean };

export function installPeerHeader(): void {
  if (g.ffPeerHeaderInstalled) return;
  g.ffPeerHeaderInstalled = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patched(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
