// Before a multi-node run starts: the master port must be free on rank 0's host and every other node
// must reach MASTER_ADDR:MASTER_PORT. torchrun would otherwise fail only after its rendezvous timeout
// (15 min by default) with every node holding its GPUs. Rank 0's host listens on the port for a few
// seconds (python3 is on every host LF runs on), each other node opens a TCP connection to it (bash's
// /dev/tcp, no extra tools), then the listener goes before the real start takes the port.
import { shQuote } from "@/lib/ssh/quote";
import { getHostConnection, type THostConnectRow } from "@/lib/ssh/host-pool";

type TNodeHost = THostConnectRow & { name: string };
export type TPortCheck = { ok: true; note: string | null } | { ok: false; field: "masterPort" | "masterAddr"; message: string };

const LISTENER = `import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError as e:
    print("INUSE", e.errno, flush=True); sys.exit(0)
s.listen(64); s.settimeout(0.2); print("LISTENING", flush=True)
end = time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        c, _ = s.accept(); c.close()
    except OSError:
        pass`;

export function listenCommand(port: number, seconds: number): string {
  return [
    `F=$(mktemp) || exit 1`,
    `setsid python3 -c ${shQuote(LISTENER)} ${Math.trunc(port)} ${Math.trunc(seconds)} > "$F" 2>&1 < /dev/null &`,
    `P=$!; i=0; while [ ! -s "$F" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
    `echo "PID $P"; head -c 300 "$F"; rm -f "$F"`,
  ].join("\n");
}

export function reachCommand(addr: string, port: number): string {
  return `timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ ${shQuote(addr)} ${Math.trunc(port)} 2>/dev/null && echo REACHED || echo UNREACHABLE`;
}

/** Waits until the listener is gone; a zombie counts as gone (it holds no socket, and a container's init may never reap it). */
export function stopListenerCommand(pid: number): string {
  const p = Math.trunc(pid);
  return `kill ${p} 2>/dev/null; i=0; while ps -o stat= -p ${p} 2>/dev/null | grep -qv Z && [ $i -lt 50 ]; do sleep 0.05; i=$((i+1)); done; echo stopped`;
}

export async function checkMasterPort(o: { master: TNodeHost; others: { rank: number; host: TNodeHost }[]; addr: string; port: number }): Promise<TPortCheck> {
  const m = await getHostConnection(o.master);
  const r = await m.exec(listenCommand(o.port, 20), { timeoutMs: 15_000 });
  const pid = Number(/^PID (\d+)/m.exec(r.stdout)?.[1]);
  if (/^INUSE/m.test(r.stdout))
    return { ok: false, field: "masterPort", message: `port ${o.port} is already in use on ${o.master.name} (rank 0); pick another MASTER_PORT` };
  if (!/^LISTENING/m.test(r.stdout)) {
    // No python3 outside the LF environment: the check cannot be made, the launch goes on and says so.
    if (pid > 1) await m.exec(stopListenerCommand(pid), { timeoutMs: 10_000 }).catch(() => undefined);
    return { ok: true, note: `the master port could not be checked on ${o.master.name} (${r.stdout.replace(/^PID \d+\n?/m, "").trim().slice(0, 120) || "no python3"})` };
  }
  try {
    const unreachable: string[] = [];
    await Promise.all(o.others.map(async (n) => {
      const c = await getHostConnection(n.host);
      const x = await c.exec(reachCommand(o.addr, o.port), { timeoutMs: 15_000 });
      if (!/REACHED/.test(x.stdout)) unreachable.push(`node ${n.rank} (${n.host.name})`);
    }));
    if (unreachable.length)
      return { ok: false, field: "masterAddr", message: `${unreachable.sort().join(", ")} cannot reach ${o.addr}:${o.port} (MASTER_ADDR:MASTER_PORT); open the port between the nodes or set the address the nodes use to reach ${o.master.name}` };
    return { ok: true, note: null };
  } finally {
    await m.exec(stopListenerCommand(pid), { timeoutMs: 10_000 }).catch(() => undefined);
  }
}
