import type { List, ListItem, RootContent } from "mdast";
import { parseMarkdown } from "../runbooks/markdown/runbook-markdown";
import { plainText } from "../runbooks/markdown/plain-text";

/**
 * The runbook's Root Cause Analysis section as items to tick in the postmortem: each innermost
 * list item, with the item it sits under as its group ("Storage Issues" / "Disk space exhaustion").
 */
export function rootCauseChecklist(markdown: string): { group: string | null; item: string }[] {
  const nodes = parseMarkdown(markdown).children;
  const start = nodes.findIndex((n) => n.type === "heading" && /root cause/i.test(plainText(n)));
  if (start < 0) return [];
  const depth = (nodes[start] as { depth: number }).depth;
  const section: RootContent[] = [];
  for (const n of nodes.slice(start + 1)) {
    if (n.type === "heading" && n.depth <= depth) break;
    section.push(n);
  }
  const out: { group: string | null; item: string }[] = [];
  const walk = (list: List, group: string | null) => {
    for (const item of list.children as ListItem[]) {
      const label = item.children
        .filter((c) => c.type !== "list")
        .map((c) => plainText(c).trim())
        .join(" ")
        .replace(/:$/, "")
        .trim();
      const nested = item.children.filter((c): c is List => c.type === "list");
      if (nested.length === 0) out.push({ group, item: label });
      else for (const l of nested) walk(l, label || group);
    }
  };
  for (const n of section) if (n.type === "list") walk(n, null);
  return out;
}
