/** The part of a terminal buffer (xterm.js and @xterm/headless alike) that text is read from. */
export interface TextBuffer {
  readonly length: number;
  getLine(y: number): { readonly isWrapped: boolean; translateToString(trimRight?: boolean): string } | undefined;
}

/**
 * Everything a terminal holds, scrollback included, as the lines a person reads: a line the
 * terminal wrapped at its width is one line again, and trailing blank rows are dropped.
 */
export function bufferText(buffer: TextBuffer): string {
  const lines = bufferLines(buffer, 0, buffer.length);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}

/** Rows `from` to `to` (exclusive) as lines, appended to `into` (a row the terminal wrapped joins the line before). */
export function bufferLines(buffer: TextBuffer, from: number, to: number, into: string[] = []): string[] {
  for (let i = from; i < to; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && into.length > 0) into[into.length - 1] += text;
    else into.push(text);
  }
  return into;
}

/** The element holding a run's terminal offers its whole buffer (not just the rows on screen) as text. */
export interface TerminalHostElement extends HTMLElement {
  terminalText?: () => string;
}
