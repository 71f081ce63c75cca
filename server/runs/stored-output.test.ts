import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { packOutput, storedOutputBytes, unpackOutput } from "./stored-output";

describe("a run's stored output", () => {
  it("keeps a short output plain", async () => {
    const stored = await packOutput(Buffer.from("hello\r\n"));
    expect(stored.outputGzip).toBe(false);
    expect(Buffer.from(stored.output).toString()).toBe("hello\r\n");
    expect((await unpackOutput(stored))!.toString()).toBe("hello\r\n");
  });

  it("compresses a large output and gives back every byte", async () => {
    const lines = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `\x1b[32m${i}\x1b[0m log line ${i % 97}`).join("\r\n"));
    const stored = await packOutput(lines);
    expect(stored.outputGzip).toBe(true);
    expect(stored.output.length).toBeLessThan(lines.length / 4);
    expect((await unpackOutput(stored))!.equals(lines)).toBe(true);
    expect(storedOutputBytes(stored)).toBe(lines.length);
  });

  it("keeps output that does not shrink plain", async () => {
    const noise = randomBytes(64 * 1024);
    const stored = await packOutput(noise);
    expect(stored.outputGzip).toBe(false);
    expect((await unpackOutput(stored))!.equals(noise)).toBe(true);
  });

  it("reads runs stored before compression, and runs without output", async () => {
    expect((await unpackOutput({ output: new Uint8Array(Buffer.from("plain")), outputGzip: false }))!.toString()).toBe("plain");
    expect(await unpackOutput({ output: null, outputGzip: false })).toBeNull();
    expect(storedOutputBytes({ output: new Uint8Array(Buffer.from("plain")), outputGzip: false })).toBe(5);
    expect(storedOutputBytes({ output: null, outputGzip: false })).toBeNull();
  });
});
