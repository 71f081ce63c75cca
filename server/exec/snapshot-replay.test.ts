import { describe, expect, it } from "vitest";
import { SNAPSHOT_FIRST_BYTES } from "../shared/flow-control";
import { OutputPipeline } from "./output-pipeline";
import { ViewerFanout, type ViewerMessage } from "./viewer-fanout";

/** A viewer arriving after `output` was printed: the snapshot it starts from. */
async function lateViewerSnapshot(output: Buffer): Promise<string> {
  const pipeline = new OutputPipeline({ outputCapBytes: 1024 * 1024, secrets: [] }, () => undefined);
  const fanout = new ViewerFanout({
    ring: pipeline.ring,
    size: () => ({ cols: 120, rows: 24 }),
    runnerBlocked: () => undefined,
    runnerHolds: () => false,
    snapshotInput: (maxBytes) => pipeline.snapshotInput(maxBytes),
    live: () => true,
    maskRendered: (t) => t,
  });
  for (let at = 0; at < output.length; at += 4096) pipeline.push(output.subarray(at, at + 4096));
  return new Promise((resolve) => {
    fanout.attach(
      {
        deliver: (m: ViewerMessage) => {
          if (m.kind === "snapshot") resolve(m.data);
        },
      },
      false,
    );
  });
}

const lines = (n: number, line: (i: number) => string) =>
  Buffer.from(Array.from({ length: n }, (_, i) => line(i + 1)).join("\r\n") + "\r\n");

describe("a late viewer's snapshot", () => {
  it("shows the scrollback's worth of plain output, and the last line", async () => {
    const output = lines(40_000, (i) => `line ${i} ${"x".repeat(60)}`);
    expect(output.length).toBeGreaterThan(8 * SNAPSHOT_FIRST_BYTES);
    const data = await lateViewerSnapshot(output);
    expect(data).toContain("line 40000 ");
    // 2,000 rows of scrollback and the screen.
    expect(data).toContain("line 38000 ");
    expect(data).not.toContain("line 37000 ");
  });

  it("replays more when the newest output was mostly escape codes and left the scrollback short", async () => {
    // Each line is ~200 bytes of colour changes around a short text: the newest
    // SNAPSHOT_FIRST_BYTES make only ~1,300 rows, fewer than the scrollback keeps.
    const output = lines(9_000, (i) => `${"\x1b[1m\x1b[31m\x1b[0m".repeat(12)}row ${i}`);
    expect(Math.floor(SNAPSHOT_FIRST_BYTES / (output.length / 9_000))).toBeLessThan(2_000);
    const data = await lateViewerSnapshot(output);
    expect(data).toContain("row 9000");
    expect(data).toContain("row 7100\r\n");
  });
});
