import { z } from "zod";
import { ZRunStatus } from "./timeline";

/** The WebSocket path that carries a run's terminal: `?run=<id>`, plus `&token=` for the runner. */
export const STREAM_PATH = "/api/stream";

/**
 * Output travels as binary frames: 4 bytes big-endian sequence number, then the raw pty bytes.
 * Everything else is a JSON text frame of these shapes.
 */
export const ZStreamServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("attached"), runId: z.string(), live: z.boolean(), runner: z.boolean() }),
  /** Screen and scrollback up to chunk `seq`: reset the terminal, write it, continue after `seq`. */
  z.object({
    type: z.literal("snapshot"),
    seq: z.number().int(),
    data: z.string(),
    cols: z.number().int(),
    rows: z.number().int(),
    /** Output this viewer never got (it came before the screen shown): it is in the stored output. */
    skippedBytes: z.number().int().nonnegative().default(0),
  }),
  /** The run's terminal size (the runner's): viewers render at the same width. */
  z.object({ type: z.literal("resize"), cols: z.number().int(), rows: z.number().int() }),
  z.object({ type: z.literal("exit"), exitCode: z.number().int().nullable(), signal: z.string().nullable(), status: ZRunStatus }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type StreamServerMessage = z.infer<typeof ZStreamServerMessage>;

/** The terminal sizes a stream takes (a resize, a replay). */
export const TERMINAL_COLS = { min: 20, max: 500 } as const;
export const TERMINAL_ROWS = { min: 5, max: 200 } as const;
const ZCols = z.number().int().min(TERMINAL_COLS.min).max(TERMINAL_COLS.max);
const ZRows = z.number().int().min(TERMINAL_ROWS.min).max(TERMINAL_ROWS.max);

/**
 * A finished run is replayed at the size of the viewer's terminal (`&cols=&rows=` on the stream
 * URL; a run's own size is not kept once it ends), 80x24 when not given.
 */
export const ZReplaySize = z.object({ cols: z.coerce.number().pipe(ZCols).default(80), rows: z.coerce.number().pipe(ZRows).default(24) });

export const ZStreamClientMessage = z.discriminatedUnion("type", [
  /** Everything up to chunk (or snapshot) `seq` is written: flow control. */
  z.object({ type: z.literal("ack"), seq: z.number().int().min(-1) }),
  /** Keystrokes, runner only. */
  z.object({ type: z.literal("input"), data: z.string().min(1).max(4096) }),
  z.object({ type: z.literal("resize"), cols: ZCols, rows: ZRows }),
]);
export type StreamClientMessage = z.infer<typeof ZStreamClientMessage>;

export const SEQ_HEADER_BYTES = 4;

/** One binary message: the header, then the bytes of `parts` (copied once, here). */
export function encodeChunk(seq: number, ...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(SEQ_HEADER_BYTES + parts.reduce((n, p) => n + p.length, 0));
  writeChunk(out, seq, parts);
  return out;
}

/** Writes the binary message for `parts` at the start of `target`; returns its length. */
export function writeChunk(target: Uint8Array, seq: number, parts: readonly Uint8Array[]): number {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(0, seq >>> 0, false);
  let at = SEQ_HEADER_BYTES;
  for (const p of parts) {
    target.set(p, at);
    at += p.length;
  }
  return at;
}

export function decodeChunk(frame: ArrayBuffer | Uint8Array): { seq: number; data: Uint8Array } {
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  const seq = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  return { seq, data: bytes.subarray(SEQ_HEADER_BYTES) };
}
