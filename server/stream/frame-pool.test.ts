import { describe, expect, it } from "vitest";
import { decodeChunk } from "../shared/stream-protocol";
import { FramePool, KEPT_FRAME_BUFFERS } from "./frame-pool";

const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

describe("FramePool", () => {
  it("frames the sequence number and every part, in order", () => {
    const pool = new FramePool();
    const { frame } = pool.frame(70_000, [bytes(20_000, 1), bytes(30_000, 2)]);
    const { seq, data } = decodeChunk(frame);
    expect(seq).toBe(70_000);
    expect(data.length).toBe(50_000);
    expect(Buffer.from(data).equals(Buffer.concat([bytes(20_000, 1), bytes(30_000, 2)]))).toBe(true);
  });

  it("reuses a large frame's buffer only once the socket has written it", () => {
    const pool = new FramePool();
    const first = pool.frame(1, [bytes(100_000, 7)]);
    // Still being written: the next frame must not share its memory.
    const second = pool.frame(2, [bytes(100_000, 8)]);
    expect(second.frame.buffer).not.toBe(first.frame.buffer);
    expect(decodeChunk(first.frame).data.every((b) => b === 7)).toBe(true);
    first.written();
    first.written();
    expect(pool.kept).toBe(1);
    const third = pool.frame(3, [bytes(1000, 9), bytes(50_000, 9)]);
    expect(third.frame.buffer).toBe(first.frame.buffer);
    expect(decodeChunk(third.frame)).toMatchObject({ seq: 3 });
    expect(decodeChunk(third.frame).data.length).toBe(51_000);
    // A repeated callback gave the buffer back once: it is not handed out twice.
    expect(pool.kept).toBe(0);
  });

  it("keeps small frames (a keystroke's echo) out of the pool, and a bounded number of buffers", () => {
    const pool = new FramePool();
    pool.frame(1, [bytes(5, 1)]).written();
    expect(pool.kept).toBe(0);
    const frames = Array.from({ length: 20 }, (_, i) => pool.frame(i, [bytes(200_000, i)]));
    for (const f of frames) f.written();
    expect(pool.kept).toBeGreaterThan(0);
    expect(pool.kept).toBeLessThanOrEqual(KEPT_FRAME_BUFFERS);
  });
});
