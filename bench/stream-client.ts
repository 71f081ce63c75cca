import type WebSocket from "ws";
import { ACK_EVERY_BYTES } from "../server/shared/flow-control";
import { decodeChunk, ZStreamServerMessage } from "../server/shared/stream-protocol";

/**
 * Reads a run's stream from `ws` as the browser does: counts its output (a snapshot's too),
 * acknowledges every ACK_EVERY_BYTES taken and each snapshot, and resolves with the count when
 * the run ends. Shared by the harness's own client and the lean reader process.
 */
export function readRunStream(ws: WebSocket, onChunk?: (data: Uint8Array) => void): Promise<{ bytes: number }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let unacked = 0;
    ws.on("message", (raw, isBinary) => {
      if (isBinary) {
        const { seq, data } = decodeChunk(raw as Buffer);
        bytes += data.length;
        unacked += data.length;
        onChunk?.(data);
        if (unacked >= ACK_EVERY_BYTES) {
          unacked = 0;
          ws.send(JSON.stringify({ type: "ack", seq }));
        }
        return;
      }
      const msg = ZStreamServerMessage.parse(JSON.parse(String(raw)));
      if (msg.type === "snapshot") {
        bytes += Buffer.byteLength(msg.data);
        ws.send(JSON.stringify({ type: "ack", seq: msg.seq }));
      }
      if (msg.type === "exit") resolve({ bytes });
      if (msg.type === "error") reject(new Error(msg.message));
    });
    ws.on("error", reject);
  });
}
