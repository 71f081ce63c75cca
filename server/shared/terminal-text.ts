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
  return withoutTrailingBlankLines(rowsText(buffer, 0, buffer.length));
}

/**
 * Rows `from` to `to` (exclusive) as text: a row the terminal wrapped at its width goes on the
 * line before it, any other row starts a line (`afterText`: text came before these rows). One
 * flat string: each row's text is a rope of one piece per cell, too costly to keep row by row.
 */
export function rowsText(buffer: TextBuffer, from: number, to: number, afterText = false): string {
  const parts: string[] = [];
  let started = afterText;
  for (let i = from; i < to; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    if (started && !line.isWrapped) parts.push("\n");
    started = true;
    parts.push(line.translateToString(true));
  }
  return parts.join("");
}

/** Blank rows at the end are the screen's, not the output's. */
export function withoutTrailingBlankLines(text: string): string {
  return text.replace(/\n+$/, "");
}

/** The element holding a run's terminal offers its whole buffer (not just the rows on screen) as text. */
export interface TerminalHostElement extends HTMLElement {
  terminalText?: () => string;
}
