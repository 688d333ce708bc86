// Runs once when the server starts. Route handlers and server actions never see the socket, so the
// peer address (the only client IP nobody can forge) is copied into a header here, overwriting any
// value a client sent under that name. lib/auth/client-ip reads it with X-Forwarded-For.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerHeader } = await import("@/lib/http/peer-header");
  installPeerHeader();
}
