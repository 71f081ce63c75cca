import { describe, expect, it } from "vitest";
import { OutputRing, type Chunk } from "./output-ring";

/** Deterministic pseudo-random sizes and bytes: the same sequence every run. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

describe("OutputRing", () => {
  it("holds the newest output intact while writing over the oldest in a circle", () => {
    const evicted: Chunk[] = [];
    const evictedBytes: Buffer[] = [];
    const ring = new OutputRing(10_000, (c) => {
      evicted.push(c);
      // Read at eviction: the bytes must still be the chunk's own then.
      evictedBytes.push(Buffer.from(c.data));
    });
    const next = lcg(7);
    const all: Buffer[] = [];
    for (let i = 0; i < 2000; i++) {
      const data = Buffer.alloc(1 + (next() % 1500), String.fromCharCode(33 + (next() % 90)));
      all.push(data);
      ring.push(data);
      const held = ring.held();
      const heldBytes = held.reduce((n, c) => n + c.data.length, 0);
      expect(heldBytes).toBeLessThanOrEqual(10_000);
      // Offsets are contiguous from the ring's start to the end of the output.
      let at = ring.startOffset;
      for (const c of held) {
        expect(c.offset).toBe(at);
        at += c.data.length;
      }
      expect(at).toBe(all.reduce((n, b) => n + b.length, 0));
    }
    const whole = Buffer.concat(all);
    // Every chunk still held has exactly the bytes pushed at its offset…
    for (const c of ring.held()) expect(c.data.equals(whole.subarray(c.offset, c.offset + c.data.length))).toBe(true);
    // …and so had every chunk when it left.
    evicted.forEach((c, i) => expect(evictedBytes[i]!.equals(whole.subarray(c.offset, c.offset + c.data.length))).toBe(true));
    expect(ring.held().at(-1)!.seq).toBe(ring.lastSeq);
    // It holds most of its capacity (the end of the storage is skipped when a chunk does not fit).
    expect(ring.held().reduce((n, c) => n + c.data.length, 0)).toBeGreaterThan(10_000 - 2 * 1500);
  });

  it("splits a push larger than its storage and keeps the newest part", () => {
    const ring = new OutputRing(1000);
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => 65 + (i % 26)));
    ring.push(data);
    const held = ring.held();
    const kept = Buffer.concat(held.map((c) => c.data));
    expect(kept.equals(data.subarray(data.length - kept.length))).toBe(true);
    expect(kept.length).toBeGreaterThan(500);
    expect(ring.endOffset(ring.lastSeq)).toBe(5000);
    expect(ring.get(0)).toBeUndefined();
  });

  it("keeps no reference to the buffers it was given", () => {
    const ring = new OutputRing(1000);
    const data = Buffer.from("hello");
    ring.push(data);
    data.fill(0);
    expect(ring.get(0)!.data.toString()).toBe("hello");
  });
});
