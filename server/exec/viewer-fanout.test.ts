import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FLOOD_READ_BYTES, FRAME_COALESCE_MS, HIGH_WATER_BYTES, MAX_FRAME_BYTES, RING_BYTES } from "../shared/flow-control";
import { OutputRing } from "./output-ring";
import { ViewerFanout, type ViewerMessage } from "./viewer-fanout";

// The fan-out's framing under load, on the real ring, with the clock in the test's hands.
function setup() {
  const ring = new OutputRing(RING_BYTES);
  const fanout = new ViewerFanout({
    ring,
    size: () => ({ cols: 80, rows: 24 }),
    runnerBlocked: () => undefined,
    runnerHolds: () => false,
    snapshotInput: () => ({ chunks: [], upTo: ring.lastSeq, more: false }),
    live: () => true,
    maskRendered: (t) => t,
  });
  const frames: { seq: number; bytes: number; data: Buffer }[] = [];
  const viewer = fanout.attach(
    {
      deliver: (m: ViewerMessage) => {
        if (m.kind === "chunk") frames.push({ seq: m.seq, bytes: m.bytes, data: Buffer.concat(m.parts) });
      },
    },
    false,
  );
  /** A pty read of `n` bytes arriving. */
  const read = (n: number, fill = "x") => {
    ring.push(Buffer.alloc(n, fill));
    fanout.wake(n);
  };
  return { frames, viewer, read, ring };
}

describe("ViewerFanout frames", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends a small read (a keystroke's echo) at the next turn of the event loop, without waiting", () => {
    const { frames, read } = setup();
    read(1);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(frames.map((f) => f.bytes)).toEqual([1]);
  });

  it("holds large reads arriving over several turns for up to FRAME_COALESCE_MS, then sends them as one frame", () => {
    const { frames, read } = setup();
    read(FLOOD_READ_BYTES * 2, "a");
    vi.advanceTimersByTime(FRAME_COALESCE_MS - 1);
    read(FLOOD_READ_BYTES * 2, "b");
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data.toString()).toBe("a".repeat(FLOOD_READ_BYTES * 2) + "b".repeat(FLOOD_READ_BYTES * 2));
  });

  it("sends at once, without waiting out the delay, once a frame's worth is waiting; no frame is larger", () => {
    const { frames, read } = setup();
    const reads = Math.ceil(MAX_FRAME_BYTES / 4096) + 3;
    for (let i = 0; i < reads; i++) read(4096);
    vi.advanceTimersByTime(0);
    const total = frames.reduce((n, f) => n + f.bytes, 0);
    expect(total).toBe(reads * 4096);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const f of frames) expect(f.bytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it("never sends past the viewer's window, and goes on once it acknowledges", () => {
    const { frames, read, viewer } = setup();
    for (let i = 0; i < (2 * HIGH_WATER_BYTES) / 4096; i++) read(4096);
    vi.advanceTimersByTime(FRAME_COALESCE_MS);
    const sent = () => frames.reduce((n, f) => n + f.bytes, 0);
    expect(sent()).toBe(HIGH_WATER_BYTES);
    viewer.ack(frames.at(-1)!.seq);
    vi.advanceTimersByTime(FRAME_COALESCE_MS);
    expect(sent()).toBe(2 * HIGH_WATER_BYTES);
  });
});
