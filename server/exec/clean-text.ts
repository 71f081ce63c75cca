import xtermHeadless, { type IMarker } from "@xterm/headless";
import { rowsText, withoutTrailingBlankLines } from "../shared/terminal-text";

// @xterm/headless is published as CommonJS; its named export is reached through the default.
const { Terminal } = xtermHeadless;

// The output is written a slice at a time; rows that scrolled above the screen can no longer
// change, so they are read off before the next slice. A slice of this size makes at most this
// many rows (one per byte), so with this much scrollback no row scrolls out of the buffer unread.
const SLICE_BYTES = 1024;
const SCROLLBACK = SLICE_BYTES + 1024;

/**
 * What a person would read on the screen after the bytes were written: colours, cursor moves,
 * carriage-return progress bars and clears resolved by a real terminal emulator, not by regex.
 * All of it, however long (the stored output's head, the marker and its tail), not only what a
 * terminal's scrollback would keep.
 */
export async function renderCleanText(bytes: Uint8Array, cols = 120): Promise<string> {
  const term = new Terminal({ cols, rows: 24, scrollback: SCROLLBACK, allowProposedApi: true });
  const write = (data: Uint8Array | string) => new Promise<void>((resolve) => term.write(data, resolve));
  // The text so far, one flat string per slice (see rowsText).
  const slices: string[] = [];
  const readRows = (from: number, to: number) => slices.push(rowsText(term.buffer.active, from, to, slices.length > 0));
  // The last row read, marked: the terminal moves the mark up as its full scrollback drops rows
  // at the top. The scrollback is never cleared, so once full it reuses its oldest rows instead
  // of allocating ~1.5 KB per row.
  let lastRead: IMarker | undefined;
  try {
    // Each slice's rows are read in its write callback, which xterm calls right after parsing
    // that slice and before the next: the slices are queued at once, so the parser works through
    // them in its own time-sliced loop instead of one timer turn per slice.
    let lostRows = false;
    const afterSlice = () => {
      // Cannot happen with the sizes above; reading again from row 0 would repeat lines. (Not
      // thrown here: this runs inside the terminal's write loop.)
      if (lastRead?.isDisposed || lostRows) {
        lostRows = true;
        return;
      }
      const from = lastRead ? lastRead.line + 1 : 0;
      const buf = term.buffer.active;
      if (buf.baseY > from) {
        readRows(from, buf.baseY);
        lastRead?.dispose();
        // Offset from the cursor's row to the last row above the screen.
        lastRead = term.registerMarker(-1 - buf.cursorY);
      }
    };
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      // Output from a pty uses CRLF; a bare LF written to xterm moves down without returning.
      term.write(bytes.subarray(at, at + SLICE_BYTES), afterSlice);
    }
    await write("");
    if (lostRows) throw new Error("The clean text lost rows: they scrolled out before they were read.");
    readRows(lastRead ? lastRead.line + 1 : 0, term.buffer.active.length);
    return withoutTrailingBlankLines(slices.join(""));
  } finally {
    term.dispose();
  }
}
