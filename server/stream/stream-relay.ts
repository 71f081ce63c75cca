import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Config } from "../config";
import { CLUSTER_AUTH_HEADER, signClusterCall } from "../cluster/cluster-auth";
import type { RunOwner } from "../cluster/run-owner";

// The browser's own WebSocket handshake goes through unchanged (its key, version and extensions),
// so the owner's answer is valid for the browser; hop-by-hop and proxy headers do not.
const DROPPED = new Set(["host", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", CLUSTER_AUTH_HEADER]);

/** What a relayed stream request signs: the request line the owner will see. */
export function relaySigningText(url: string): string {
  return `GET ${url}`;
}

/**
 * Hands a viewer's stream request to the instance that holds the run and then joins the two
 * connections byte for byte: the viewer gets the owner's frames (snapshot, chunks, resync, exit)
 * exactly, and its keystrokes, resizes and acks reach the owner's pty. The owner checks the
 * viewer's session cookie and role itself; the signature tells it which instance asks.
 * `onFail` is called, before anything was written to `socket`, when the owner cannot be reached.
 */
export function relayStream(
  cfg: Config,
  owner: RunOwner,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onFail: (message: string) => void,
): void {
  if (!cfg.clusterSecret)
    return onFail(
      `This command runs on instance ${owner.instanceId}: set the same RUNLOG_CLUSTER_SECRET on every instance to watch it from here.`,
    );
  const target = new URL(req.url ?? "/", owner.address);
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!DROPPED.has(name) && value !== undefined) headers[name] = value;
  const path = `${target.pathname}${target.search}`;
  headers[CLUSTER_AUTH_HEADER] = signClusterCall(cfg.clusterSecret, cfg.instanceId, relaySigningText(path));
  const upstream = (target.protocol === "https:" ? https : http).request({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    path,
    method: "GET",
    headers,
    agent: false,
    timeout: 10_000,
  });
  let settled = false;
  const fail = (message: string) => {
    if (settled) return;
    settled = true;
    upstream.destroy();
    onFail(`Instance ${owner.instanceId}, which runs this command, cannot be reached: ${message}`);
  };
  upstream.on("timeout", () => fail("no answer within 10 s"));
  upstream.on("error", (err) => fail(err.message));
  upstream.on("response", (res) => {
    res.resume();
    fail(`it answered HTTP ${res.statusCode}`);
  });
  upstream.on("upgrade", (res, peer, peerHead) => {
    if (settled) return void peer.destroy();
    settled = true;
    let answer = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`;
    for (let i = 0; i < res.rawHeaders.length; i += 2) answer += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
    socket.write(`${answer}\r\n`);
    if (peerHead.length) socket.write(peerHead);
    if (head.length) peer.write(head);
    peer.setNoDelay(true);
    peer.setTimeout(0);
    const close = () => {
      peer.destroy();
      socket.destroy();
    };
    peer.on("error", close).on("close", close);
    socket.on("error", close).on("close", close);
    peer.pipe(socket);
    socket.pipe(peer);
  });
  upstream.end();
}
