import { z } from "zod";

/** The WebSocket path that carries a run's terminal output. */
export const STREAM_PATH = "/api/stream";

/**
 * Output travels as binary frames: 4 bytes big-endian sequence number, then the raw pty bytes.
 * Everything else is a JSON text frame of this shape.
 */
export const ZStreamServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("attached"), runId: z.string(), live: z.boolean(), skippedChunks: z.number().int() }),
  z.object({
    type: z.literal("exit"),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
  }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type StreamServerMessage = z.infer<typeof ZStreamServerMessage>;

export const SEQ_HEADER_BYTES = 4;

export function encodeChunk(seq: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(SEQ_HEADER_BYTES + data.length);
  new DataView(out.buffer).setUint32(0, seq >>> 0, false);
  out.set(data, SEQ_HEADER_BYTES);
  return out;
}

export function decodeChunk(frame: ArrayBuffer | Uint8Array): { seq: number; data: Uint8Array } {
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  const seq = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  return { seq, data: bytes.subarray(SEQ_HEADER_BYTES) };
}
