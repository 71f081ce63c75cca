import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FLOOD_READ_BYTES,
  FRAME_COALESCE_MS,
  HIGH_WATER_BYTES,
  MAX_FRAME_BYTES,
  RING_BYTES,
  SNAPSHOT_FIRST_BYTES,
} from "../shared/flow-control";
import { waitFor } from "../testing/wait-for";
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

describe("ViewerFanout snapshots", () => {
  // Real timers: the snapshot is rendered by a headless xterm, which parses in timer slices.
  function sharedSetup() {
    const ring = new OutputRing(RING_BYTES);
    let renders = 0;
    const fanout = new ViewerFanout({
      ring,
      size: () => ({ cols: 80, rows: 24 }),
      runnerBlocked: () => undefined,
      runnerHolds: () => false,
      snapshotInput: (maxBytes) => {
        if (maxBytes === SNAPSHOT_FIRST_BYTES) renders++;
        const held = ring.held();
        let from = held.length;
        for (let bytes = 0; from > 1 && bytes + held[from - 1]!.data.length <= maxBytes;) bytes += held[--from]!.data.length;
        return { chunks: [Buffer.concat(held.slice(from).map((c) => c.data))], upTo: ring.lastSeq, more: from > 0 };
      },
      live: () => true,
      maskRendered: (t) => t,
    });
    const viewer = () => {
      const got: ViewerMessage[] = [];
      const handle = fanout.attach({ deliver: (m) => got.push(m.kind === "chunk" ? { ...m, parts: [Buffer.concat(m.parts)] } : m) }, false);
      const lastSeq = () => got.flatMap((m) => (m.kind === "chunk" || m.kind === "snapshot" ? [m.seq] : [])).at(-1)!;
      return { got, handle, lastSeq };
    };
    /** Lines past the ring's size, so that viewers which stopped at their window fall out of it. */
    const flood = async (lines: number, from = 0) => {
      for (let i = from; i < from + lines; i++) {
        const line = Buffer.from(`line ${i} ${"x".repeat(90)}\r\n`);
        ring.push(line);
        fanout.wake(line.length);
      }
      await new Promise((r) => setImmediate(r));
    };
    return { viewer, flood, renders: () => renders, ring };
  }
  // Twice the ring's size in ~100-byte lines.
  const LINES = Math.ceil((2 * RING_BYTES) / 100);
  const snapshots = (got: ViewerMessage[]) => got.filter((m) => m.kind === "snapshot");

  it("renders one snapshot for viewers that fall behind together, and each goes on from it", async () => {
    const { viewer, flood, renders, ring } = sharedSetup();
    const [a, b] = [viewer(), viewer()];
    await flood(LINES);
    // Both stopped at their window; what they need next has left the ring.
    a.handle.ack(a.lastSeq());
    b.handle.ack(b.lastSeq());
    await waitFor(() => snapshots(a.got).length === 1 && snapshots(b.got).length === 1, "both snapshots");
    expect(renders()).toBe(1);
    expect(snapshots(a.got)).toEqual(snapshots(b.got));
    expect(JSON.stringify(snapshots(a.got)[0])).toContain(`line ${LINES - 1} `);
    // Both go on live from the chunk after it.
    a.handle.ack(a.lastSeq());
    b.handle.ack(b.lastSeq());
    await flood(3, 10_000_000);
    for (const v of [a, b]) {
      await waitFor(() => v.lastSeq() === ring.lastSeq, "the new lines");
      expect(
        Buffer.concat(v.got.flatMap((m) => (m.kind === "chunk" && m.seq > snapshots(v.got)[0]!.seq ? m.parts : []))).toString(),
      ).toContain("line 10000002 ");
    }
  });

  it("renders a new one for a viewer that falls behind later, or once the shared one's sequel left the ring", async () => {
    const { viewer, flood, renders } = sharedSetup();
    const a = viewer();
    await flood(LINES);
    a.handle.ack(a.lastSeq());
    await waitFor(() => snapshots(a.got).length === 1, "a's snapshot");
    // A second viewer arrives after a whole ring of new output: the first snapshot would leave it a gap.
    await flood(LINES, 1_000_000);
    const b = viewer();
    await waitFor(() => snapshots(b.got).length === 1, "b's snapshot");
    expect(renders()).toBe(2);
    expect(JSON.stringify(snapshots(b.got)[0])).toContain(`line ${1_000_000 + LINES - 1} `);
  });
});
