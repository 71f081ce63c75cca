import { SNAPSHOT_FIRST_BYTES } from "../shared/flow-control";
import { renderRecent, type SnapshotInput } from "../exec/terminal-mirror";
import { TerminalModes } from "../exec/terminal-modes";

export type StoredReplay = { raw: Buffer } | { screen: string; skippedBytes: number };

/**
 * What a finished run's terminal starts from. Output up to SNAPSHOT_FIRST_BYTES goes as it is;
 * more (up to the output cap, 5 MiB by default) would have every page load parse megabytes per
 * noisy run in the browser, a phone's included. Such a run is shown as the screen and scrollback
 * rendered here from its newest output, as a viewer who fell behind is, with how much of the
 * stored output that leaves out (the whole is one click away: Download output).
 */
export async function storedReplay(output: Buffer, cols: number, rows: number): Promise<StoredReplay> {
  if (output.length <= SNAPSHOT_FIRST_BYTES) return { raw: output };
  const { data, taken } = await renderRecent((maxBytes) => newest(output, maxBytes), cols, rows);
  return { screen: data, skippedBytes: taken.from };
}

/** The last `maxBytes` of `output` or less, from the start of a line, after the modes the rest had set. */
function newest(output: Buffer, maxBytes: number): SnapshotInput & { from: number } {
  let from = Math.max(0, output.length - maxBytes);
  if (from > 0) {
    // A cut inside an escape sequence would print what is left of it.
    const lineEnd = output.indexOf(0x0a, from);
    if (lineEnd >= 0) from = lineEnd + 1;
  }
  const modes = new TerminalModes();
  modes.feed(output.subarray(0, from));
  const prefix = modes.prefix();
  const recent = output.subarray(from);
  return { chunks: prefix ? [Buffer.from(prefix, "latin1"), recent] : [recent], upTo: 0, more: from > 0, from };
}
