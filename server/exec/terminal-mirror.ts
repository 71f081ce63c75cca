import serializeAddon from "@xterm/addon-serialize";
import xtermHeadless from "@xterm/headless";
import { SNAPSHOT_BYTES, SNAPSHOT_FIRST_BYTES } from "../shared/flow-control";

// Both are published as CommonJS: their named exports are reached through the default.
const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

const SCROLLBACK = 2000;

/** Output a snapshot replays (`chunks`, through chunk `upTo` of the ring); `more`: older output exists that it left out. */
export interface SnapshotInput {
  chunks: Buffer[];
  upTo: number;
  more: boolean;
}

/**
 * The screen and scrollback a viewer starts from when it joins late or fell behind: the run's
 * recent output (the ring) replayed into a headless xterm and serialized. Built on demand rather
 * than kept up to date, so a flood of output costs no terminal parsing at all; a run that has
 * printed more than the ring holds loses only terminal modes set before that.
 */
export async function renderSnapshot(chunks: Buffer[], cols: number, rows: number): Promise<{ data: string; scrollbackFull: boolean }> {
  const term = new Terminal({ cols, rows, scrollback: SCROLLBACK, allowProposedApi: true });
  const serializer = new SerializeAddon();
  term.loadAddon(serializer as never);
  try {
    for (const c of chunks) term.write(c);
    // xterm parses in time slices; the callback of an empty write fires after all of the above.
    await new Promise<void>((resolve) => term.write("", resolve));
    // Full: anything older would have scrolled out of what is kept. (Not on the alternate screen,
    // which has no scrollback: there an older replay may still change the screen.)
    const scrollbackFull = term.buffer.active.type === "normal" && term.buffer.active.length >= SCROLLBACK + rows;
    return { data: serializer.serialize({ scrollback: SCROLLBACK }), scrollbackFull };
  } finally {
    term.dispose();
  }
}

/**
 * The screen now, from the newest output: `input(SNAPSHOT_FIRST_BYTES)` first, and
 * `input(SNAPSHOT_BYTES)` only when that left the scrollback short and older output exists.
 * `taken`: the input the returned screen was rendered from.
 */
export async function renderRecent<T extends SnapshotInput>(
  input: (maxBytes: number) => T,
  cols: number,
  rows: number,
): Promise<{ data: string; taken: T }> {
  const first = input(SNAPSHOT_FIRST_BYTES);
  const quick = await renderSnapshot(first.chunks, cols, rows);
  if (quick.scrollbackFull || !first.more) return { data: quick.data, taken: first };
  const whole = input(SNAPSHOT_BYTES);
  return { data: (await renderSnapshot(whole.chunks, cols, rows)).data, taken: whole };
}
