import xtermHeadless from "@xterm/headless";

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
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  } finally {
    term.dispose();
  }
}
