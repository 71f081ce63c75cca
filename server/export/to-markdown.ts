import type { Block, Inline } from "./document";

// GitHub-flavoured Markdown: fences longer than any backtick run inside, cells on one line with
// pipes escaped, and only the characters that would change the rendering escaped in text.

const longestRun = (text: string) => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));

function escapeText(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/([\\`*[\]|<>])/g, "\\$1");
}

function inline(i: Inline): string {
  if (typeof i === "string") return escapeText(i);
  if ("strong" in i) return `**${escapeText(i.strong)}**`;
  if ("link" in i) return `[${escapeText(i.link)}](${i.href})`;
  const one = i.code.replace(/\r?\n/g, " ⏎ ").replace(/\|/g, "\\|");
  const f = "`".repeat(longestRun(one) + 1);
  return `${f}${one.startsWith("`") || one.endsWith("`") ? ` ${one} ` : one}${f}`;
}

const inlines = (xs: Inline[]) => (xs.length ? xs.map(inline).join("") : "—");

function block(b: Block): string {
  switch (b.kind) {
    case "heading":
      return `${"#".repeat(b.level)} ${escapeText(b.text)}`;
    case "paragraph":
      return inlines(b.inlines);
    case "table":
      if (b.rows.length === 0) return "_None._";
      return [
        `| ${b.head.map(escapeText).join(" | ")} |`,
        `|${b.head.map(() => "---").join("|")}|`,
        ...b.rows.map((r) => `| ${r.map(inlines).join(" | ")} |`),
      ].join("\n");
    case "list":
      if (b.items.length === 0) return "_None._";
      return b.items.map((it) => `- ${it.checked === undefined ? "" : it.checked ? "[x] " : "[ ] "}${inlines(it.inlines)}`).join("\n");
    case "code": {
      const f = "`".repeat(Math.max(3, longestRun(b.text) + 1));
      return `${f}${b.lang}\n${b.text}\n${f}`;
    }
  }
}

export function toMarkdown(blocks: Block[]): string {
  return `${blocks.map(block).join("\n\n")}\n`;
}
