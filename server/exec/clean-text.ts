import xtermHeadless from "@xterm/headless";
import { bufferText } from "../shared/terminal-text";

// @xterm/headless is published as CommonJS; its named export is reached through the default.
const { Terminal } = xtermHeadless;

/**
 * What a person would read on the screen after the bytes were written: colours, cursor moves,
 * carriage-return progress bars and clears resolved by a real terminal emulator, not by regex.
 */
export async function renderCleanText(bytes: Uint8Array, cols = 120, maxLines = 20_000): Promise<string> {
  const term = new Terminal({ cols, rows: 24, scrollback: maxLines, allowProposedApi: true });
  try {
    // Output from a pty uses CRLF; a bare LF written to xterm moves down without returning.
    await new Promise<void>((resolve) => term.write(bytes, resolve));
    return bufferText(term.buffer.active);
  } finally {
    term.dispose();
  }
}
