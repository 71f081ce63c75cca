import type { Diagnostic } from "../../shared/runbook";

// Control bytes other than tab/newline/CR, and U+FFFD from undecodable UTF-8: signs of a binary file.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;

/**
 * Makes any string safe to hand to the Markdown and shell parsers: control bytes become U+FFFD
 * (so every offset and line number stays the same) and a binary-looking file gets a diagnostic.
 */
export function cleanInput(markdown: string, diagnostics: Diagnostic[]): string {
  let count = 0;
  let firstAt = -1;
  const cleaned = markdown.replace(CONTROL, (ch, index: number) => {
    count++;
    if (firstAt < 0) firstAt = index;
    return ch === "\uFFFD" ? ch : "\uFFFD";
  });
  if (count > 0) {
    const line = markdown.slice(0, firstAt).split("\n").length;
    const binary = count > 64 || (count > 8 && count / markdown.length > 0.01);
    diagnostics.push({
      severity: binary ? "error" : "warning",
      line,
      rule: "binary-content",
      message: binary
        ? `The file holds ${count} control or undecodable bytes: it does not look like a Markdown runbook.`
        : `${count} control or undecodable byte(s), shown as \uFFFD.`,
    });
  }
  return cleaned;
}

/** The diagnostic of a file too large to be a runbook: no incident is opened on it. */
export const TOO_LARGE = "too-large";

/** Far beyond any real runbook (the corpus's largest is 14 KB); parsing cost grows faster than size. */
export const MAX_PARSED_CHARS = 512 * 1024;

/** A runbook too large to be one is parsed up to a line boundary near the limit, and says so. */
export function truncateHuge(markdown: string, diagnostics: Diagnostic[]): string {
  if (markdown.length <= MAX_PARSED_CHARS) return markdown;
  const cut = markdown.lastIndexOf("\n", MAX_PARSED_CHARS);
  const kept = markdown.slice(0, cut > 0 ? cut : MAX_PARSED_CHARS);
  const line = kept.split("\n").length + 1;
  diagnostics.push({
    severity: "error",
    line,
    rule: TOO_LARGE,
    message: `The file has ${(markdown.length / 1024 / 1024).toFixed(1)} M characters; only the first ${MAX_PARSED_CHARS / 1024} K (up to line ${line - 1}) were parsed. Split it into several runbooks.`,
  });
  return kept;
}

// Indentation, `>` and list markers in front of a line's text: how deep its containers nest.
const CONTAINER_PREFIX = /^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])+/;
const MAX_PREFIX = 96;

/**
 * Nesting far deeper than any document needs (hundreds of `>` or list levels) makes Markdown
 * parsing slow and tree walks overflow the stack. Such prefixes are cut to a sane depth; line
 * numbers are unchanged.
 */
export function flattenDeepNesting(markdown: string, diagnostics: Diagnostic[]): string {
  let firstLine = 0;
  let count = 0;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const prefix = CONTAINER_PREFIX.exec(lines[i]!)?.[0];
    if (!prefix || prefix.length <= MAX_PREFIX) continue;
    lines[i] = prefix.slice(0, MAX_PREFIX) + lines[i]!.slice(prefix.length);
    count++;
    firstLine ||= i + 1;
  }
  if (count === 0) return markdown;
  diagnostics.push({
    severity: "warning",
    line: firstLine,
    rule: "deep-nesting",
    message: `${count} line(s) nest lists, quotes or indentation deeper than ${MAX_PREFIX} characters; they were flattened to that depth.`,
  });
  return lines.join("\n");
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * A fence that is never closed runs to the end of the file in CommonMark, swallowing every
 * heading after it. Reported so the author sees why the rest of the runbook vanished.
 */
export function unterminatedFence(source: string, start: number, end: number): boolean {
  const text = source.slice(start, end);
  const lines = text.split("\n");
  const open = FENCE.exec(lines[0]!.trimStart());
  if (!open || lines.length < 2) return open !== null;
  const last = lines[lines.length - 1]!.trim();
  const fence = open[1]!;
  return !(last.length >= fence.length && last[0] === fence[0] && /^(`+|~+)$/.test(last));
}
