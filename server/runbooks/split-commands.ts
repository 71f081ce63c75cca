// A first, line-based command splitter. Issue 3 replaces it with a real shell parser; until
// then it handles what the seed runbook needs: comment descriptions, `\` continuations,
// trailing pipes/`&&`, multi-line loops and conditionals, and `$ ` prompts in console blocks.

export interface SplitCommand {
  text: string;
  description: string;
  /** 0-based offset of the command's first line inside the block. */
  lineOffset: number;
}

const CONTINUES = /(\\|&&|\|\||\|)\s*$/;
const OPENS = /^(while|until|for|if|case|select)\b|\{\s*$|\(\s*$/;
const CLOSES = /^(done|fi|esac)\b|^[})]/;

function isComment(line: string): boolean {
  return line.trimStart().startsWith("#");
}

export function splitCommands(code: string, language: string): SplitCommand[] {
  const lines = code.split("\n");
  const out: SplitCommand[] = [];
  let description: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = language === "console" ? promptless(raw) : raw;
    if (line === null || line.trim() === "") {
      description = [];
      i++;
      continue;
    }
    if (isComment(line)) {
      description.push(line.trim().replace(/^#+\s?/, ""));
      i++;
      continue;
    }
    const start = i;
    const body = [line];
    let depth = opensBlock(line) ? 1 : 0;
    while (i + 1 < lines.length && (CONTINUES.test(body[body.length - 1]!) || depth > 0)) {
      i++;
      const next = lines[i]!;
      body.push(next);
      const trimmed = next.trim();
      if (opensBlock(trimmed)) depth++;
      if (CLOSES.test(trimmed)) depth = Math.max(0, depth - 1);
    }
    out.push({ text: body.join("\n").trimEnd(), description: description.join(" "), lineOffset: start });
    description = [];
    i++;
  }
  return out;
}

function opensBlock(line: string): boolean {
  const t = line.trim();
  // One-line loops (`for x in a; do ...; done`) open and close on the same line.
  if (/\b(done|fi|esac)\s*;?\s*$/.test(t)) return false;
  return OPENS.test(t);
}

/** In console blocks only prompted lines are commands; output lines are skipped. */
function promptless(line: string): string | null {
  const m = /^\s*[$#]\s(.*)$/.exec(line);
  return m ? m[1]! : null;
}
