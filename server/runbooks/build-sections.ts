import type { Code, Heading, List, ListItem, Root, RootContent } from "mdast";
import type { ChecklistItem, RunbookSection } from "../shared/runbook";
import { hash, toCodeBlock, type BlockContext, type IdCounter, type ProseWarning } from "./code-block";
import { unterminatedFence } from "./markdown/input-hygiene";
import { plainText } from "./markdown/plain-text";
import { proseHtml } from "./markdown/prose-html";
import { isChecklistSection } from "./markdown/section-kinds";
import { isWarning, warnsOfDataLoss } from "./shell/analyze-block";

// Lists nested deeper than this are rendered as prose as a whole, code and all: real runbooks
// never nest steps this deep, and hostile input must not exhaust the stack.
const MAX_LIST_DEPTH = 32;

/**
 * The heading tree as guided steps. The title heading is not a step; text before the first
 * heading (other than `**Key:** value` metadata lines) becomes an "Introduction" step.
 */
export function buildSections(tree: Root, source: string, titleHeading: Heading | undefined, ctx: BlockContext): RunbookSection[] {
  const sections: RunbookSection[] = [];
  const trail: { depth: number; title: string }[] = [];
  const usedIds = new Map<string, number>();
  let builder: SectionBuilder | null = null;

  const open = (title: string, depth: number, line: number) => {
    builder?.finish();
    while (trail.length && trail[trail.length - 1]!.depth >= depth) trail.pop();
    trail.push({ depth, title });
    const path = trail.map((t) => t.title);
    const base = path.map(slugify).join("/") || "section";
    const n = (usedIds.get(base) ?? 0) + 1;
    usedIds.set(base, n);
    const section: RunbookSection = { id: n === 1 ? base : `${base}-${n}`, title, depth, path, line, content: [] };
    sections.push(section);
    builder = new SectionBuilder(section, source, ctx);
  };

  for (const node of tree.children) {
    if (node === titleHeading || node.type === "yaml" || node.type === "definition") continue;
    if (node.type === "heading") {
      open(plainText(node).trim() || "(untitled)", node.depth, lineOf(node));
      continue;
    }
    if (!builder) {
      if (isFieldParagraph(node) || node.type === "html" || node.type === "thematicBreak") continue;
      open("Introduction", 1, lineOf(node));
      trail.length = 0;
    }
    builder!.add(node);
  }
  (builder as SectionBuilder | null)?.finish();
  return sections;
}

class SectionBuilder {
  private readonly ids: IdCounter = new Map();
  private prose: RootContent[] = [];
  private checklist: ChecklistItem[] = [];
  private above: ProseWarning = { warning: false, dataLoss: false };

  constructor(
    private readonly section: RunbookSection,
    private readonly source: string,
    private readonly ctx: BlockContext,
  ) {}

  add(node: RootContent, listDepth = 0): void {
    if (node.type === "code") return this.code(node);
    if (node.type === "list" && listDepth < MAX_LIST_DEPTH) {
      const tickable = node.children.some((i) => typeof i.checked === "boolean");
      if (tickable || (node.ordered && isChecklistSection(this.section.title)) || containsCode(node)) {
        return this.list(node, tickable || (node.ordered === true && isChecklistSection(this.section.title)), listDepth);
      }
    }
    this.flushChecklist();
    this.prose.push(node);
  }

  finish(): void {
    this.flushProse();
    this.flushChecklist();
  }

  private list(list: List, asChecklist: boolean, depth: number): void {
    list.children.forEach((item, index) => {
      const cut = item.children.findIndex((c) => c.type === "code" || containsCode(c));
      const head = cut < 0 ? item.children : item.children.slice(0, cut);
      const rest = cut < 0 ? [] : item.children.slice(cut);
      if (asChecklist) {
        this.flushProse();
        if (head.length) this.checklist.push(this.checkItem(item, head));
      } else if (head.length) {
        // One item of the list at a time, numbered as in the source, so its commands follow it.
        const single: List = {
          type: "list",
          ordered: list.ordered,
          start: (list.start ?? 1) + index,
          spread: false,
          children: [{ ...item, children: head }],
        };
        this.flushChecklist();
        this.prose.push(single);
      }
      for (const child of rest) this.add(child as RootContent, depth + 1);
    });
  }

  private checkItem(item: ListItem, nodes: RootContent[]): ChecklistItem {
    const html = safeHtml(nodes.flatMap((c) => (c.type === "paragraph" ? c.children : [c])) as RootContent[], true);
    const text = nodes.map(plainText).join("\n").trim();
    // Like command ids: by content, so ticks survive edits elsewhere in the runbook.
    const h = `check-${hash(text)}`;
    const n = (this.ids.get(h) ?? 0) + 1;
    this.ids.set(h, n);
    return { id: `${this.section.id}/${h}${n > 1 ? `-${n}` : ""}`, html, text, line: lineOf(item) };
  }

  private code(node: Code): void {
    this.flushProse();
    this.flushChecklist();
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    if (unterminatedFence(this.source, start, end)) {
      this.ctx.diagnostics.push({
        severity: "error",
        line: lineOf(node),
        rule: "unterminated-fence",
        message: "This code fence is never closed: everything after it, headings included, is read as code.",
      });
    }
    this.section.content.push({ kind: "code", block: toCodeBlock(node, this.section, this.above, this.ids, this.ctx) });
    this.above = { warning: false, dataLoss: false };
  }

  private flushProse(): void {
    if (!this.prose.length) return;
    const nodes = this.prose;
    this.prose = [];
    const text = nodes.map(plainText).join("\n").trim();
    if (!text && nodes.every((n) => n.type === "html")) return;
    this.above = { warning: isWarning(text), dataLoss: warnsOfDataLoss(text) };
    this.section.content.push({ kind: "prose", html: safeHtml(nodes), text, line: lineOf(nodes[0]!) });
  }

  private flushChecklist(): void {
    if (!this.checklist.length) return;
    this.section.content.push({ kind: "checklist", items: this.checklist });
    this.checklist = [];
  }
}

function safeHtml(nodes: RootContent[], inline = false): string {
  try {
    if (!inline) return proseHtml(nodes);
    return proseHtml([{ type: "paragraph", children: nodes as never }]).replace(/^<p>([\s\S]*)<\/p>$/, "$1");
  } catch {
    // Pathological nesting can exhaust the HTML serializer's stack: fall back to escaped text.
    return escapeHtml(nodes.map(plainText).join("\n"));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Iterative: deeply nested input must not overflow the stack. */
function containsCode(node: unknown): boolean {
  const stack = [node as { type?: string; children?: unknown[] }];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "code") return true;
    if (Array.isArray(n.children)) stack.push(...(n.children as typeof stack));
  }
  return false;
}

/** A paragraph of `**Key:** value` metadata lines, which the metadata already shows. */
function isFieldParagraph(node: RootContent): boolean {
  if (node.type !== "paragraph") return false;
  const first = node.children[0];
  return first?.type === "strong" && plainText(first).trim().endsWith(":");
}

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "x"
  );
}
