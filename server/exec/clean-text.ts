import xtermHeadless, { type IMarker } from "@xterm/headless";

// @xterm/headless is published as CommonJS; its named export is reached through the default.
const { Terminal } = xtermHeadless;

// The output is written a slice at a time; rows that scrolled above the screen can no longer
// change, so they are read off before the next slice. A slice of this size makes at most this
// many rows (one per byte), so with this much scrollback no row scrolls out of the buffer unread.
const SLICE_BYTES = 4 * 1024;
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
  // The text so far, one flat string per slice. Each row's text comes back from xterm as a rope
  // of one piece per cell: kept row by row until the end, 5 MiB of output held ~160 MB of them.
  const slices: string[] = [];
  let rowsRead = 0;
  const readRows = (from: number, to: number) => {
    const buf = term.buffer.active;
    const parts: string[] = [];
    for (let y = from; y < to; y++) {
      const row = buf.getLine(y);
      if (!row) continue;
      // A row the terminal wrapped at its width goes on the line before it.
      if (rowsRead++ > 0 && !row.isWrapped) parts.push("\n");
      parts.push(row.translateToString(true));
    }
    slices.push(parts.join(""));
  };
  // The last row read, marked: the terminal moves the mark up as its full scrollback drops rows
  // at the top. The scrollback is never cleared, so once full it reuses its oldest rows instead
  // of allocating ~1.5 KB per row.
  let lastRead: IMarker | undefined;
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      // Output from a pty uses CRLF; a bare LF written to xterm moves down without returning.
      await write(bytes.subarray(at, at + SLICE_BYTES));
      // Cannot happen with the sizes above; reading again from row 0 would repeat lines.
      if (lastRead?.isDisposed) throw new Error("The clean text lost rows: they scrolled out before they were read.");
      const from = lastRead ? lastRead.line + 1 : 0;
      const buf = term.buffer.active;
      if (buf.baseY > from) {
        readRows(from, buf.baseY);
        lastRead?.dispose();
        // Offset from the cursor's row to the last row above the screen.
        lastRead = term.registerMarker(-1 - buf.cursorY);
      }
    }
    readRows(lastRead ? lastRead.line + 1 : 0, term.buffer.active.length);
    // Blank rows at the end are the screen's, not the output's.
    return slices.join("").replace(/\n+$/, "");
  } finally {
    term.dispose();
  }
}
