import { setImmediate as nextTurn } from "node:timers/promises";
import { SNAPSHOT_BYTES, SNAPSHOT_FIRST_BYTES } from "../shared/flow-control";
import { renderRecent } from "../exec/terminal-mirror";
import { TerminalModes } from "../exec/terminal-modes";

export type StoredReplay = { raw: Buffer } | { screen: string; skippedBytes: number };

/** The modes are read from the output before the replayed part this much at a time, the event loop turning between. */
const MODES_SLICE_BYTES = 256 * 1024;

/**
 * What a finished run's terminal starts from. Output up to SNAPSHOT_FIRST_BYTES goes as it is;
 * more (up to the output cap, 5 MiB by default) would have every page load parse megabytes per
 * noisy run in the browser, a phone's included. Such a run is shown as the screen and scrollback
 * rendered here from its newest output, as a viewer who fell behind is, with how much of the
 * stored output that leaves out (the whole is one click away: Download output).
 */
export async function storedReplay(output: Buffer, cols: number, rows: number): Promise<StoredReplay> {
  if (output.length <= SNAPSHOT_FIRST_BYTES) return { raw: output };
  // The two places renderRecent may start from, and the modes and colours set before each:
  // reading colour-heavy megabytes for them takes ~0.1 s, in slices so that nobody waits for it.
  const wideFrom = lineStartNear(output, SNAPSHOT_BYTES);
  const narrowFrom = lineStartNear(output, SNAPSHOT_FIRST_BYTES);
  const modes = new TerminalModes();
  await feedInSlices(modes, output.subarray(0, wideFrom));
  const wide = { from: wideFrom, modes: modes.clone() };
  await feedInSlices(modes, output.subarray(wideFrom, narrowFrom));
  const narrow = { from: narrowFrom, modes };
  const { data, taken } = await renderRecent(
    (maxBytes) => {
      const cut = maxBytes === SNAPSHOT_FIRST_BYTES ? narrow : wide;
      return { chunks: cut.modes.replay(output.subarray(cut.from)), upTo: 0, more: cut.from > 0, from: cut.from };
    },
    cols,
    rows,
  );
  return { screen: data, skippedBytes: taken.from };
}

/** Where the last `maxBytes` of `output` start, moved on to the start of a line: a cut inside an escape sequence would print what is left of it. */
function lineStartNear(output: Buffer, maxBytes: number): number {
  const from = Math.max(0, output.length - maxBytes);
  if (from === 0) return 0;
  const lineEnd = output.indexOf(0x0a, from);
  return lineEnd >= 0 ? lineEnd + 1 : from;
}

async function feedInSlices(modes: TerminalModes, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; at += MODES_SLICE_BYTES) {
    modes.feed(bytes.subarray(at, at + MODES_SLICE_BYTES));
    await nextTurn();
  }
}
