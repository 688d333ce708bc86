// torchrun's static TCP rendezvous between the agents of a multi-node run: the node_rank 0 agent hosts
// the store on master_port, the others join it, and no worker starts before all nnodes are in. The
// links stay open for the whole run because they also stand in for what connects the nodes later:
// NCCL (the workers' per-step all-reduce is relayed through them, see collective.mjs) and the agents'
// exit barrier. A link that closes without a goodbye is a node that died.
// Wire format: one JSON object per line.
import net from "node:net";
import { PyError, SITE } from "./py-error.mjs";

const T = `${SITE}/torch/distributed`;
export const TORCHRUN_FRAMES = [
  ["/usr/local/bin/torchrun", 8, "<module>", "sys.exit(main())"],
  [`${T}/elastic/multiprocessing/errors/__init__.py`, 357, "wrapper", "return f(*args, **kwargs)"],
  [`${T}/run.py`, 936, "main", "run(args)"],
  [`${T}/run.py`, 927, "run", "elastic_launch("],
  [`${T}/launcher/api.py`, 156, "__call__", "return launch_agent(self._config, self._entrypoint, list(args))"],
];
const METRICS = [`${T}/elastic/metrics/api.py`, 138, "wrapper", "result = f(*args, **kwargs)"];
const RDZV_FRAMES = [...TORCHRUN_FRAMES,
  [`${T}/launcher/api.py`, 270, "launch_agent", "result = agent.run()"], METRICS,
  [`${T}/elastic/agent/server/api.py`, 711, "run", "result = self._invoke_run(role)"],
  [`${T}/elastic/agent/server/api.py`, 864, "_invoke_run", "self._initialize_workers(self._worker_group)"], METRICS,
  [`${T}/elastic/agent/server/api.py`, 683, "_initialize_workers", "self._rendezvous(worker_group)"], METRICS,
  [`${T}/elastic/agent/server/api.py`, 498, "_rendezvous", "rdzv_info = spec.rdzv_handler.next_rendezvous()"],
  [`${T}/elastic/rendezvous/static_tcp_rendezvous.py`, 67, "next_rendezvous", "self._store = TCPStore(  # type: ignore[call-arg]"],
];
// libuv's names for the listen errors torch reports.
const UV = { EADDRINUSE: [-98, "address already in use"], EACCES: [-13, "permission denied"], EADDRNOTAVAIL: [-99, "cannot assign requested address"] };
const EXIT_BARRIER_S = 300;
const RETRY_MS = 200;

function lineStream(sock, onMsg) {
  let buf = "";
  sock.setEncoding("utf8");
  sock.on("data", (d) => {
    buf += d;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let m;
      try { m = JSON.parse(line); } catch { continue; }
      onMsg(m);
    }
  });
}
const write = (sock, m) => { if (!sock.destroyed) sock.write(`${JSON.stringify(m)}\n`); };
const plainAddr = (a) => String(a ?? "").replace(/^::ffff:/, "") || "127.0.0.1";

/**
 * Joins the group; resolves once all nnodes agents are in, or rejects with the PyError torch raises.
 * @returns {Promise<{up: (m: object) => void, onDown: (fn: (m: object) => void) => void, finish: (log: (s: string) => void) => Promise<void>}>}
 */
export function rendezvous({ nnodes, nodeRank, nproc, addr, port, timeoutS }) {
  return nodeRank === 0 ? host({ nnodes, nproc, addr, port, timeoutS }) : join({ nodeRank, nproc, addr, port, timeoutS });
}

function host({ nnodes, nproc, addr, port, timeoutS }) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    const peers = new Map(); // node rank → { sock, nproc, addr, bye }
    let started = false;
    let down = () => {};
    const nodeOfRank = [];
    const emit = (m) => { for (const p of peers.values()) write(p.sock, m); down(m); };

    // The barrier of every step: all ranks of all nodes, or a peer that left makes it impossible.
    let world = 0;
    const pending = new Map();
    const departed = new Set();
    let brokenSent = false;
    const broken = () => {
      if (brokenSent || departed.size === 0 || ![...pending.values()].some((s) => s.size)) return;
      brokenSent = true;
      const r = [...departed][0];
      emit({ t: "gone", clean: true, peer: nodeAddr(nodeOfRank[r]) });
    };
    const nodeAddr = (node) => (node === 0 || !peers.has(node) ? addr : peers.get(node).addr);
    function handle(m) {
      if (m.t === "arrive") {
        const set = pending.get(m.seq) ?? new Set();
        pending.set(m.seq, set.add(m.rank));
        if (set.size === world) { pending.delete(m.seq); emit({ t: "go", seq: m.seq }); }
        else broken();
      } else if (m.t === "leave") {
        departed.add(m.rank);
        broken();
      } else if (m.t === "r0done") emit(m);
    }

    let exitWaiter = null;
    let lostAny = false;
    function lost(node) {
      const p = peers.get(node);
      peers.delete(node);
      if (!p.bye) {
        lostAny = true;
        emit({ t: "gone", clean: false, peer: p.addr });
      }
      exitWaiter?.();
    }

    const timer = setTimeout(() => {
      server.close();
      for (const p of peers.values()) p.sock.destroy();
      reject(new PyError("torch.distributed.DistStoreError", `Timed out after ${Math.floor(timeoutS) + 1} seconds waiting for clients. ${peers.size + 1}/${nnodes} clients joined.`, RDZV_FRAMES));
    }, timeoutS * 1000);
    server.on("error", (e) => {
      if (started) return;
      clearTimeout(timer);
      const [code, text] = UV[e.code] ?? [-(e.errno ?? 1), String(e.message)];
      reject(new PyError("torch.distributed.DistNetworkError", `The server socket has failed to listen on any local network address. port: ${port}, useIpv6: false, code: ${code}, name: ${e.code}, message: ${text}`, RDZV_FRAMES));
    });
    server.on("connection", (sock) => {
      // A late or extra joiner is not part of this run (torch would hand it a wrong rank; we refuse it).
      if (started) { sock.destroy(); return; }
      sock.setNoDelay(true);
      sock.setKeepAlive(true, 1000);
      let node = null;
      lineStream(sock, (m) => {
        if (m.t === "hello") {
          if (started || peers.has(m.node) || !(m.node > 0 && m.node < nnodes)) { sock.destroy(); return; }
          node = m.node;
          peers.set(node, { sock, nproc: m.nproc, addr: plainAddr(sock.remoteAddress), bye: false });
          if (peers.size === nnodes - 1) start();
        } else if (m.t === "bye") {
          const p = peers.get(node);
          if (p) p.bye = true;
          exitWaiter?.();
        } else if (started) handle(m);
      });
      sock.on("error", () => {});
      sock.on("close", () => {
        if (node === null || !peers.has(node) || peers.get(node).sock !== sock) return;
        if (!started) peers.delete(node);
        else lost(node);
      });
    });
    server.listen({ port, host: "0.0.0.0", exclusive: true });

    function start() {
      started = true;
      clearTimeout(timer);
      const counts = [nproc, ...[...Array(nnodes - 1)].map((_, i) => peers.get(i + 1).nproc)];
      counts.forEach((c, node) => { for (let i = 0; i < c; i++) nodeOfRank.push(node); });
      world = nodeOfRank.length;
      for (const p of peers.values()) write(p.sock, { t: "start" });
      resolve({
        up: handle,
        onDown: (fn) => { down = fn; },
        // torch's exit barrier: the store stays up until every agent is done (or gone) with the run.
        finish: (log) => new Promise((done) => {
          const t0 = Date.now();
          let ended = false;
          const end = (why) => {
            if (ended) return;
            ended = true;
            if (why) log(`Error waiting on exit barrier. Elapsed: ${((Date.now() - t0) / 1000).toFixed(1)} seconds`);
            clearTimeout(cap);
            emit({ t: "exit" });
            server.close();
            // Let "exit" reach the peers before this process exits.
            const socks = [...peers.values()].map((p) => p.sock);
            let open = socks.length;
            const flushed = setTimeout(done, 500);
            if (!open) { clearTimeout(flushed); done(); }
            for (const s of socks) s.end(() => { if (--open === 0) { clearTimeout(flushed); done(); } });
          };
          const cap = setTimeout(() => end("timeout"), EXIT_BARRIER_S * 1000);
          exitWaiter = () => { if ([...peers.values()].every((p) => p.bye)) end(lostAny); };
          exitWaiter();
        }),
      });
    }
  });
}

function join({ nodeRank, nproc, addr, port, timeoutS }) {
  const deadline = Date.now() + timeoutS * 1000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect({ host: addr, port });
      let connected = false, started = false, exited = false, byeSent = false;
      let down = () => {};
      let exitWaiter = null;
      sock.setNoDelay(true);
      // An address that drops SYNs would otherwise hold one attempt for minutes.
      const connectCap = setTimeout(() => sock.destroy(), Math.max(RETRY_MS, Math.min(5000, deadline - Date.now())));
      sock.on("connect", () => {
        clearTimeout(connectCap);
        connected = true;
        sock.setKeepAlive(true, 1000);
        write(sock, { t: "hello", node: nodeRank, nproc });
      });
      lineStream(sock, (m) => {
        if (m.t === "start" && !started) {
          started = true;
          resolve({
            up: (msg) => write(sock, msg),
            onDown: (fn) => { down = fn; },
            finish: (log) => new Promise((done) => {
              byeSent = true;
              write(sock, { t: "bye", node: nodeRank });
              const t0 = Date.now();
              exitWaiter = (clean) => {
                exitWaiter = () => {};
                if (!clean) log(`Error waiting on exit barrier. Elapsed: ${((Date.now() - t0) / 1000).toFixed(1)} seconds`);
                sock.destroy();
                done();
              };
              if (exited || sock.destroyed) exitWaiter(exited);
            }),
          });
        } else if (m.t === "exit") { exited = true; exitWaiter?.(true); } else if (started) down(m);
      });
      sock.on("error", () => {});
      sock.on("close", () => {
        clearTimeout(connectCap);
        if (started) {
          if (exitWaiter) exitWaiter(exited);
          else if (!exited && !byeSent) down({ t: "gone", clean: false, peer: addr });
          return;
        }
        if (connected) {
          // Joined, then the store went away before the run started (its host died or refused us).
          reject(new PyError("torch.distributed.DistNetworkError", "failed to recv, got 0 bytes", RDZV_FRAMES));
        } else if (Date.now() + RETRY_MS > deadline) {
          reject(new PyError("torch.distributed.DistNetworkError", `The client socket has timed out after ${Math.round(timeoutS * 1000)}ms while trying to connect to (${addr}, ${port}).`, RDZV_FRAMES));
        } else setTimeout(attempt, RETRY_MS);
      });
    };
    attempt();
  });
}
