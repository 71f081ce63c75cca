import { MAX_FRAME_BYTES } from "../shared/flow-control";
import { SEQ_HEADER_BYTES, writeChunk } from "../shared/stream-protocol";

/** A frame this large or larger is built in a pooled buffer; a keystroke's echo is a few bytes. */
const POOLED_FROM_BYTES = 16 * 1024;
/** Buffers kept for reuse (each a full frame): enough for the frames in flight across viewers. */
export const KEPT_FRAME_BUFFERS = 8;
const POOLED_BYTES = SEQ_HEADER_BYTES + MAX_FRAME_BYTES;

/**
 * Frames of output, built in buffers that are used again once their socket has written them.
 * Under a flood a fresh buffer per frame and viewer lived until V8's next collection: a 1 GiB run
 * with one viewer kept a ~32 MB sawtooth of dead frames in the server (measured with
 * process.memoryUsage().arrayBuffers every 250 ms).
 */
export class FramePool {
  private readonly free: Buffer[] = [];

  /**
   * The frame for output `parts` through chunk `seq`, and what to call once the socket has
   * written it (or failed to): only then may its buffer carry another frame.
   */
  frame(seq: number, parts: readonly Uint8Array[]): { frame: Buffer; written: () => void } {
    const size = SEQ_HEADER_BYTES + parts.reduce((n, p) => n + p.length, 0);
    if (size < POOLED_FROM_BYTES || size > POOLED_BYTES) {
      const frame = Buffer.allocUnsafe(size);
      writeChunk(frame, seq, parts);
      return { frame, written: noop };
    }
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(POOLED_BYTES);
    let given = false;
    return {
      frame: buffer.subarray(0, writeChunk(buffer, seq, parts)),
      written: () => {
        // ws calls back once per send; a second call would hand out one buffer twice.
        if (given) return;
        given = true;
        if (this.free.length < KEPT_FRAME_BUFFERS) this.free.push(buffer);
      },
    };
  }

  /** Buffers waiting for reuse (for tests). */
  get kept(): number {
    return this.free.length;
  }
}

const noop = () => undefined;
