import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { safeEqual } from "../secrets/safe-equal";
import { parseJsonOrNull } from "../shared/json";
import { liveRuns, type LiveRun } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import { ZRunId } from "../shared/ids";
import {
  encodeChunk,
  STREAM_PATH,
  TERMINAL_COLS,
  TERMINAL_ROWS,
  ZReplaySize,
  ZStreamClientMessage,
  type StreamServerMessage,
} from "../shared/stream-protocol";
import { ZRunStatus } from "../shared/timeline";
import { hasRole, type SessionUser } from "../shared/roles";
import { crossSiteRequest } from "../http/origin-guard";
import { onAccessChange } from "../auth/access-events";
import { SESSION_RECHECK_MS } from "../shared/limits";
import type { Config } from "../config";
import { CLUSTER_AUTH_HEADER, verifyClusterCall } from "../cluster/cluster-auth";
import { remoteOwner } from "../cluster/run-owner";
import { unpackOutput } from "../runs/stored-output";
import { storedReplay } from "../runs/stored-replay";
import { FramePool } from "./frame-pool";
import { relaySigningText, relayStream } from "./stream-relay";

// A viewer whose socket holds more than this unsent is too slow to follow live; it is dropped
// (and can reload) rather than letting the server buffer without bound.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const framePool = new FramePool();

// zod builds each object schema's parser on its first use (~2 ms here): built now, so that a
// runner's first keystroke does not wait for it.
for (const sample of [
  { type: "ack", seq: 0 },
  { type: "input", data: " " },
  { type: "resize", cols: 80, rows: 24 },
])
  ZStreamClientMessage.parse(sample);

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface StreamAccess {
  /** Origins a browser may open the stream from (cross-site pages are refused). */
  trustedOrigins: string[];
  /** This instance, and the secret its peers sign relayed requests with. */
  cfg: Config;
  /** Who the upgrade request's session cookie belongs to. */
  userOf: (req: IncomingMessage) => Promise<SessionUser | null>;
}

/**
 * Serves `STREAM_PATH?run=<id>[&token=<runner token>]` to signed-in people (viewers and up);
 * every other upgrade goes to `fallback` (Next's HMR).
 */
export function createUpgradeRouter(db: PrismaClient, fallback: UpgradeHandler, access: StreamAccess): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  return (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== STREAM_PATH) return fallback(req, socket, head);
    // Relayed by another instance of the cluster: that instance checked the browser's Origin;
    // the session below is checked here again, on the instance that holds the run.
    const signature = req.headers[CLUSTER_AUTH_HEADER];
    const relayedBy =
      signature === undefined
        ? null
        : verifyClusterCall(access.cfg.clusterSecret, String(signature), relaySigningText(`${url.pathname}${url.search}`));
    if (signature !== undefined && !relayedBy) return refuse(socket, "401 Unauthorized");
    if (!relayedBy && crossSiteRequest(req, access.trustedOrigins, true)) return refuse(socket, "403 Forbidden");
    const accept = (user: SessionUser) =>
      wss.handleUpgrade(req, socket, head, (ws) => attach(db, ws, url.searchParams, user, () => access.userOf(req)));
    void (async () => {
      const user = await access.userOf(req);
      if (!user || user.mustChangePassword) return refuse(socket, "401 Unauthorized");
      const runId = ZRunId.safeParse(url.searchParams.get("run"));
      // A run another instance holds is watched through it (one hop: a relayed request is served here).
      const owner = !relayedBy && runId.success && !liveRuns().has(runId.data) ? await remoteOwner(db, access.cfg, runId.data) : null;
      if (!owner) return accept(user);
      relayStream(access.cfg, owner, req, socket, head, (message) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          send(ws, { type: "error", message });
          ws.close(1011);
        }),
      );
    })().catch(() => refuse(socket, "500 Internal Server Error"));
  };
}

/** Answers an upgrade request with an HTTP error instead of a WebSocket. */
function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
}

function attach(
  db: PrismaClient,
  ws: WebSocket,
  params: URLSearchParams,
  user: SessionUser,
  recheck: () => Promise<SessionUser | null>,
): void {
  void serveRun(db, ws, params, user, recheck).catch((err: Error) => {
    send(ws, { type: "error", message: `Streaming failed: ${err.message}` });
    ws.close(1011);
  });
}

function send(ws: WebSocket, msg: StreamServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

async function serveRun(
  db: PrismaClient,
  ws: WebSocket,
  params: URLSearchParams,
  user: SessionUser,
  recheck: () => Promise<SessionUser | null>,
): Promise<void> {
  const runId = ZRunId.safeParse(params.get("run"));
  if (!runId.success) {
    send(ws, { type: "error", message: "Bad stream request: expected ?run=<run id>." });
    ws.close(4400);
    return;
  }
  const size = ZReplaySize.safeParse({ cols: params.get("cols") ?? undefined, rows: params.get("rows") ?? undefined });
  if (!size.success) {
    const [c, r] = [TERMINAL_COLS, TERMINAL_ROWS];
    send(ws, { type: "error", message: `Bad stream request: cols must be ${c.min}-${c.max} and rows ${r.min}-${r.max}.` });
    ws.close(4400);
    return;
  }
  const live = liveRuns().get(runId.data);
  if (live) return serveLive(ws, live, params.get("token"), user, recheck);

  const run = await db.run.findUnique({
    where: { id: runId.data },
    select: { id: true, finishedAt: true, exitCode: true, signal: true, status: true, output: true, outputGzip: true, cols: true },
  });
  if (!run) {
    send(ws, { type: "error", message: `No run ${runId.data}.` });
    ws.close(4404);
    return;
  }
  send(ws, { type: "attached", runId: run.id, live: false, runner: false });
  const output = await unpackOutput(run);
  if (output && output.length > 0) {
    // At the width the run had (lines wrap where they wrapped for its runner); the viewer's own
    // for runs from before it was recorded.
    const cols = run.cols ?? size.data.cols;
    const { rows } = size.data;
    const replay = await storedReplay(output, cols, rows);
    if ("raw" in replay) {
      if (run.cols !== null) send(ws, { type: "resize", cols, rows });
      ws.send(encodeChunk(0, replay.raw));
    } else send(ws, { type: "snapshot", seq: 0, data: replay.screen, cols, rows, skippedBytes: replay.skippedBytes });
  }
  send(ws, { type: "exit", exitCode: run.exitCode, signal: run.signal, status: ZRunStatus.catch("interrupted").parse(run.status) });
  ws.close(1000);
}

function serveLive(
  ws: WebSocket,
  live: LiveRun,
  token: string | null,
  user: SessionUser,
  recheck: () => Promise<SessionUser | null>,
): void {
  // The runner proves who they are with the token their start request returned, from the
  // account that started the run, still holding a role that may run commands.
  const runner =
    token !== null &&
    safeEqual(token, live.runnerToken) &&
    (live.runnerUserId === null || live.runnerUserId === user.id) &&
    hasRole(user.role, "responder");
  send(ws, { type: "attached", runId: live.runId, live: true, runner });
  let closed = false;
  const handle = live.attach(
    {
      deliver: (msg) => {
        if (closed || ws.readyState !== ws.OPEN) return;
        // Flow control keeps this small; a socket this full means the client stopped reading.
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          closed = true;
          send(ws, { type: "error", message: "This viewer fell too far behind the output. Reload to catch up." });
          ws.close(4408);
          return;
        }
        // One frame, one write here and no reassembly in the browser (fragments are joined there).
        if (msg.kind === "chunk") {
          const { frame, written } = framePool.frame(msg.seq, msg.parts);
          ws.send(frame, { binary: true }, written);
        } else if (msg.kind === "snapshot")
          send(ws, { type: "snapshot", seq: msg.seq, data: msg.data, cols: msg.cols, rows: msg.rows, skippedBytes: msg.skippedBytes });
        else if (msg.kind === "resize") send(ws, { type: "resize", cols: msg.cols, rows: msg.rows });
        else {
          send(ws, { type: "exit", exitCode: msg.end.exitCode, signal: msg.end.signal, status: msg.end.status });
          ws.close(1000);
        }
      },
      close: (reason) => {
        send(ws, { type: "error", message: reason });
        ws.close(4408);
      },
    },
    { runner },
  );
  // The session is checked again while the stream is open: a disabled account, a sign-out or a
  // lowered role ends it (at once when this process made the change, within seconds otherwise).
  const revoke = (message: string) => {
    if (closed) return;
    closed = true;
    send(ws, { type: "error", message });
    ws.close(4401);
  };
  const check = () =>
    void recheck().then(
      (now) => {
        if (!now || now.id !== user.id) revoke("Your session ended or your account was disabled: this stream is closed.");
        else if (runner && !hasRole(now.role, "responder")) revoke("Your role changed: you can no longer type into this run.");
      },
      () => undefined,
    );
  const timer = setInterval(check, SESSION_RECHECK_MS);
  const unsubscribe = onAccessChange((userId) => userId === user.id && check());
  ws.on("close", () => {
    closed = true;
    clearInterval(timer);
    unsubscribe();
    handle.detach();
  });
  ws.on("message", (raw, isBinary) => {
    const parsed = isBinary ? null : ZStreamClientMessage.safeParse(parseJsonOrNull(raw.toString()));
    if (!parsed?.success) {
      send(ws, { type: "error", message: "Unknown message on the output stream." });
      return;
    }
    const msg = parsed.data;
    if (closed) return;
    if (msg.type === "ack") return handle.ack(msg.seq);
    if (!handle.runner) {
      send(ws, { type: "error", message: "Only the person who started this run can type into it or resize it." });
      return;
    }
    if (msg.type === "input") handle.input(msg.data);
    else handle.resize(msg.cols, msg.rows);
  });
}
