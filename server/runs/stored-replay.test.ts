import { describe, expect, it } from "vitest";
import { Terminal } from "@xterm/headless";
import { SNAPSHOT_FIRST_BYTES } from "../shared/flow-control";
import { storedReplay } from "./stored-replay";

const lines = (n: number, line: (i: number) => string) =>
  Buffer.from(Array.from({ length: n }, (_, i) => line(i + 1)).join("\r\n") + "\r\n");

/** What a browser's terminal holds after writing `data`, at `cols` columns. */
async function shown(data: string, cols: number): Promise<string[]> {
  const term = new Terminal({ cols, rows: 24, scrollback: 5000, allowProposedApi: true });
  await new Promise<void>((r) => term.write(data, r));
  const out: string[] = [];
  for (let i = 0; i < term.buffer.active.length; i++) out.push(term.buffer.active.getLine(i)!.translateToString(true));
  term.dispose();
  return out;
}

describe("a finished run's replay", () => {
  it("is the stored output itself when it is small", async () => {
    const output = lines(100, (i) => `line ${i}`);
    expect(await storedReplay(output, 80, 24)).toEqual({ raw: output });
  });

  it("is the screen and scrollback of the newest output when large, at the viewer's width, saying what it left out", async () => {
    const output = lines(60_000, (i) => `line ${i} ${"x".repeat(50)}`);
    const replay = await storedReplay(output, 100, 30);
    if (!("screen" in replay)) throw new Error("expected a rendered screen");
    const rows = await shown(replay.screen, 100);
    expect(rows.filter((r) => r !== "").at(-1)).toBe(`line 60000 ${"x".repeat(50)}`);
    // Whole lines, from the first one shown on.
    const first = rows.find((r) => r !== "")!;
    expect(first).toMatch(/^line \d+ x{50}$/);
    const firstShown = Number(/^line (\d+)/.exec(first)![1]);
    expect(firstShown).toBeGreaterThan(55_000);
    // What it left out: whole lines, from the first line on, up to at most the first one shown.
    expect(output.subarray(replay.skippedBytes - 2, replay.skippedBytes).toString()).toBe("\r\n");
    expect(replay.skippedBytes).toBeLessThanOrEqual(output.indexOf(`line ${firstShown} `));
    expect(replay.skippedBytes).toBeGreaterThan(output.length - 2 * SNAPSHOT_FIRST_BYTES);
    expect(replay.screen.length).toBeLessThan(output.length / 10);
  });

  it("keeps the colours and modes set before the part it replays", async () => {
    const output = Buffer.concat([Buffer.from("\x1b[?1049h\x1b[32m"), lines(20_000, (i) => `green ${i} ${"y".repeat(40)}`)]);
    const replay = await storedReplay(output, 80, 24);
    if (!("screen" in replay)) throw new Error("expected a rendered screen");
    const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
    await new Promise<void>((r) => term.write(replay.screen, r));
    expect(term.buffer.active.type).toBe("alternate");
    const cursorLine = term.buffer.active.getLine(term.buffer.active.baseY + term.buffer.active.cursorY - 1)!;
    expect(cursorLine.translateToString(true)).toBe(`green 20000 ${"y".repeat(40)}`);
    expect(cursorLine.getCell(0)!.getFgColor()).toBe(2);
    term.dispose();
  });
});
