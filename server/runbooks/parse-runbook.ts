import { createHash } from "node:crypto";
import type { Code, Heading, Root, RootContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { parse as parseYaml } from "yaml";
import {
  SHELL_LANGUAGES,
  type Runbook,
  type RunbookCodeBlock,
  type RunbookMeta,
  type RunbookSection,
  sectionCommands,
} from "../shared/runbook";
import { splitCommands } from "./split-commands";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

export class RunbookParseError extends Error {}

export function parseRunbook(markdown: string): Runbook {
  const tree = processor.parse(markdown) as Root;
  const meta = readMeta(tree);
  return { meta, sections: readSections(tree) };
}

function readMeta(tree: Root): RunbookMeta {
  const front = readFrontMatter(tree);
  const bold = readBoldFields(tree);
  const h1 = tree.children.find((n): n is Heading => n.type === "heading" && n.depth === 1);
  const h1Title = h1 ? plainText(h1).replace(/^runbook:\s*/i, "").trim() : "";
  const title = stringField(front.title) ?? (h1Title || "Untitled runbook");
  const alertsRaw = front.alerts ?? front.alert ?? bold.get("alert name") ?? bold.get("alert") ?? bold.get("alerts");
  return {
    title,
    alerts: toAlertList(alertsRaw),
    severity: stringField(front.severity) ?? bold.get("severity") ?? null,
    component: stringField(front.component) ?? bold.get("component") ?? null,
    team: stringField(front.team) ?? bold.get("team") ?? null,
  };
}

function readFrontMatter(tree: Root): Record<string, unknown> {
  const node = tree.children[0];
  if (node?.type !== "yaml") return {};
  let data: unknown;
  try {
    data = parseYaml(node.value);
  } catch (err) {
    throw new RunbookParseError(`Front matter is not valid YAML: ${(err as Error).message}`);
  }
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** `**Key:** value` lines, as the seed runbook writes its metadata. Values keep their backticks. */
function readBoldFields(tree: Root): Map<string, string> {
  const fields = new Map<string, string>();
  visit(tree, "paragraph", (para) => {
    const kids = para.children;
    for (let i = 0; i < kids.length; i++) {
      const strong = kids[i]!;
      if (strong.type !== "strong") continue;
      const key = plainText(strong).trim();
      if (!key.endsWith(":")) continue;
      let value = "";
      for (let j = i + 1; j < kids.length && kids[j]!.type !== "strong"; j++) {
        const kid = kids[j]!;
        value += kid.type === "inlineCode" ? `\`${kid.value}\`` : plainText(kid);
      }
      const firstLine = value.split("\n")[0]!.trim();
      if (firstLine) fields.set(key.slice(0, -1).trim().toLowerCase(), firstLine);
    }
  });
  return fields;
}

function toAlertList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String).map((s) => s.trim()).filter(Boolean);
  if (typeof raw !== "string") return [];
  const backticked = [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
  if (backticked.length > 0) return backticked;
  return raw.split(/[/,]/).map((s) => s.trim()).filter(Boolean);
}

function stringField(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : undefined;
}

function readSections(tree: Root): RunbookSection[] {
  const sections: RunbookSection[] = [];
  const trail: { depth: number; title: string }[] = [];
  let current: RunbookSection | null = null;
  const usedIds = new Map<string, number>();

  for (const node of tree.children) {
    if (node.type === "heading" && node.depth >= 2) {
      const title = plainText(node).trim();
      while (trail.length && trail[trail.length - 1]!.depth >= node.depth) trail.pop();
      trail.push({ depth: node.depth, title });
      const path = trail.map((t) => t.title);
      const base = path.map(slugify).join("/") || "section";
      const n = usedIds.get(base) ?? 0;
      usedIds.set(base, n + 1);
      current = {
        id: n === 0 ? base : `${base}-${n + 1}`,
        title,
        depth: node.depth,
        path,
        line: node.position?.start.line ?? 1,
        content: [],
      };
      sections.push(current);
      continue;
    }
    if (!current || node.type === "heading" || node.type === "yaml") continue;
    collect(node, current);
  }
  return sections;
}

/** Adds a top-level node's prose and code blocks (including those nested in lists) to a section. */
function collect(node: RootContent, section: RunbookSection): void {
  if (node.type === "code") {
    section.content.push({ kind: "code", block: toBlock(node, section) });
    return;
  }
  if (node.type === "list") {
    node.children.forEach((item, index) => {
      const marker = node.ordered ? `${(node.start ?? 1) + index}. ` : "- ";
      for (const child of item.children) {
        if (child.type === "code") section.content.push({ kind: "code", block: toBlock(child, section) });
        else appendProse(section, marker + plainText(child).trim());
      }
    });
    return;
  }
  appendProse(section, plainText(node).trim());
}

function appendProse(section: RunbookSection, text: string): void {
  if (!text) return;
  section.content.push({ kind: "prose", text });
}

function toBlock(node: Code, section: RunbookSection): RunbookCodeBlock {
  const language = (node.lang ?? "").toLowerCase();
  const runnable = (SHELL_LANGUAGES as readonly string[]).includes(language);
  const fenceLine = node.position?.start.line ?? 1;
  // A fenced block's position starts at the fence, so its first code line is one below.
  const firstCodeLine = fenceLine + 1;
  const seen = new Map<string, number>();
  for (const c of sectionCommands(section)) seen.set(c.text, (seen.get(c.text) ?? 0) + 1);
  const commands = runnable
    ? splitCommands(node.value, language).map((c) => {
        // The same text twice in one section (a check repeated after a fix) needs two ids.
        const n = (seen.get(c.text) ?? 0) + 1;
        seen.set(c.text, n);
        return {
        id: `${section.id}/${hash(c.text)}${n > 1 ? `-${n}` : ""}`,
        text: c.text,
        description: c.description,
        language,
        line: firstCodeLine + c.lineOffset,
      };
      })
    : [];
  return { language, line: fenceLine, runnable, text: node.value, commands };
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
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

function plainText(node: unknown): string {
  const n = node as { value?: unknown; children?: unknown[]; type?: string };
  if (n.type === "code") return "";
  if (typeof n.value === "string") return n.value;
  if (Array.isArray(n.children)) return n.children.map(plainText).join(n.type === "list" ? "\n" : "");
  if (n.type === "break") return "\n";
  return "";
}
