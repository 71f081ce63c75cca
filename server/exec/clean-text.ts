import xtermHeadless from "@xterm/headless";
import { bufferLines } from "../shared/terminal-text";

// @xterm/headless is published as CommonJS; its named export is reached through the default.
const { Terminal } = xtermHeadless;

// The output is written a slice at a time; rows that scrolled above the screen can no longer
// change, so they are read off and dropped (CSI 3 J) before the next slice. A slice of this
// size makes at most this many rows (one per byte), so nothing scrolls out of the buffer unread.
const SLICE_BYTES = 16 * 1024;
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
  const lines: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      // Output from a pty uses CRLF; a bare LF written to xterm moves down without returning.
      await write(bytes.subarray(at, at + SLICE_BYTES));
      const buf = term.buffer.active;
      // A line that goes on below the screen is joined again when its next row is read (isWrapped).
      if (buf.baseY > 0) {
        bufferLines(buf, 0, buf.baseY, lines);
        await write("\x1b[3J");
      }
    }
    const buf = term.buffer.active;
    bufferLines(buf, 0, buf.length, lines);
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  } finally {
    term.dispose();
  }
}
