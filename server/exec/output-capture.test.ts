import { describe, expect, it } from "vitest";
import { OutputCapture } from "./output-capture";

describe("OutputCapture", () => {
  it("keeps everything under the cap", () => {
    const c = new OutputCapture(100);
    c.push(Buffer.from("hello "));
    c.push(Buffer.from("world"));
    expect(c.result().toString()).toBe("hello world");
    expect(c.totalBytes).toBe(11);
    expect(c.droppedBytes).toBe(0);
  });

  it("keeps head and tail and marks what was dropped", () => {
    const c = new OutputCapture(20);
    for (let i = 0; i < 100; i++) c.push(Buffer.from(String(i % 10)));
    const out = c.result().toString();
    expect(c.totalBytes).toBe(100);
    expect(c.droppedBytes).toBe(80);
    expect(out.startsWith("0123456789")).toBe(true);
    expect(out.endsWith("0123456789")).toBe(true);
    expect(out).toContain("[runlog: 80 bytes of output dropped here]");
  });

  it("splits a single large chunk between head and tail", () => {
    const c = new OutputCapture(10);
    c.push(Buffer.from("abcdefghijklmnopqrstuvwxyz"));
    const out = c.result().toString();
    expect(out.startsWith("abcde")).toBe(true);
    expect(out.endsWith("vwxyz")).toBe(true);
    expect(c.droppedBytes).toBe(16);
  });
});

describe("OutputCapture's tail", () => {
  it("keeps exactly the last bytes across many wraps of its storage, whatever the chunk sizes", () => {
    const c = new OutputCapture(1000);
    const all: Buffer[] = [];
    for (let i = 0; i < 700; i++) {
      const data = Buffer.from(`${i}:${"x".repeat(i % 37)}|`);
      all.push(data);
      c.push(data);
    }
    const whole = Buffer.concat(all);
    const out = c.result();
    expect(out.subarray(0, 500).equals(whole.subarray(0, 500))).toBe(true);
    expect(out.subarray(out.length - 500).equals(whole.subarray(whole.length - 500))).toBe(true);
    expect(c.droppedBytes).toBe(whole.length - 1000);
  });

  it("does not hold the buffers it was given", () => {
    const c = new OutputCapture(10);
    const data = Buffer.from("abcdefghijklmnop");
    c.push(data);
    data.fill(0);
    expect(c.result().toString()).toMatch(/^abcde.*lmnop$/s);
  });
});
