import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { liveRuns } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import { ZRunId } from "../shared/ids";
import { encodeChunk, STREAM_PATH, type StreamServerMessage } from "../shared/stream-protocol";

// A viewer whose socket holds more than this unsent is too slow to follow live; it is dropped
// (and can reload) rather than letting the server buffer without bound.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Serves `STREAM_PATH?run=<id>&from=<seq>`; every other upgrade goes to `fallback` (Next's HMR). */
export function createUpgradeRouter(db: PrismaClient, fallback: UpgradeHandler): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  return (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== STREAM_PATH) return fallback(req, socket, head);
    if (!sameOrigin(req)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void serveRun(db, ws, url.searchParams).catch((err: Error) => {
        send(ws, { type: "error", message: `Streaming failed: ${err.message}` });
        ws.close(1011);
      });
    });
  };
}

/** Browsers always send Origin on WebSocket upgrades; a page from another site must not attach. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function send(ws: WebSocket, msg: StreamServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

async function serveRun(db: PrismaClient, ws: WebSocket, params: URLSearchParams): Promise<void> {
  const runId = ZRunId.safeParse(params.get("run"));
  const from = Number.parseInt(params.get("from") ?? "0", 10);
  if (!runId.success || !Number.isFinite(from) || from < 0) {
    send(ws, { type: "error", message: "Bad stream request: expected ?run=<run id>&from=<sequence number>." });
    ws.close(4400);
    return;
  }
  const live = liveRuns().get(runId.data);
  if (live) {
    let closed = false;
    ws.on("close", () => {
      closed = true;
      unsubscribe();
    });
    send(ws, { type: "attached", runId: live.runId, live: true, skippedChunks: Math.max(0, live.firstHeldSeq - from) });
    const { unsubscribe } = live.attach(
      {
        onChunk: (seq, data) => {
          if (closed) return;
          if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
            closed = true;
            send(ws, { type: "error", message: "This viewer fell too far behind the output. Reload to catch up." });
            ws.close(4408);
            return;
          }
          ws.send(encodeChunk(seq, data));
        },
        onEnd: (exit) => {
          send(ws, { type: "exit", exitCode: exit.exitCode, signal: exit.signal });
          ws.close(1000);
        },
      },
      from,
    );
    return;
  }
  const run = await db.run.findUnique({
    where: { id: runId.data },
    select: { id: true, finishedAt: true, exitCode: true, signal: true, output: true },
  });
  if (!run) {
    send(ws, { type: "error", message: `No run ${runId.data}.` });
    ws.close(4404);
    return;
  }
  send(ws, { type: "attached", runId: run.id, live: false, skippedChunks: 0 });
  if (run.output && run.output.length > 0 && from === 0) ws.send(encodeChunk(0, run.output));
  if (run.finishedAt) send(ws, { type: "exit", exitCode: run.exitCode, signal: run.signal });
  else send(ws, { type: "error", message: "This run was interrupted: the server stopped before it finished." });
  ws.close(1000);
}
