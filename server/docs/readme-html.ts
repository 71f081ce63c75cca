import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Element, Root as HastRoot } from "hast";
import { defaultSchema, sanitize } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import type { Heading } from "mdast";
import { toHast } from "mdast-util-to-hast";
import { visit } from "unist-util-visit";
import { PROJECT_ROOT } from "../project-root";
import { plainText } from "../runbooks/markdown/plain-text";
import { parseMarkdown } from "../runbooks/markdown/runbook-markdown";

/** A heading's anchor as GitHub makes it: "Alerts in, notifications out" -> "alerts-in-notifications-out". */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/**
 * The README as the in-app help page (/help): the manual that ships with this very version, with
 * an anchor on every heading so pages can link to their section. Sanitized like runbook prose.
 */
export async function readmeHtml(): Promise<string> {
  const tree = parseMarkdown(await readFile(path.join(PROJECT_ROOT, "README.md"), "utf8"));
  visit(tree, "heading", (h: Heading) => {
    h.data = { ...h.data, hProperties: { id: headingAnchor(plainText(h)) } };
  });
  // Our own file: ids stay as written (no "user-content-" prefix), so links from the app are plain.
  const hast = sanitize(toHast(tree), { ...defaultSchema, clobberPrefix: "" }) as HastRoot;
  // A code block wider than the page scrolls sideways: it must take focus to scroll by keyboard.
  visit(hast, "element", (el: Element) => {
    if (el.tagName === "pre") el.properties = { ...el.properties, tabIndex: 0 };
  });
  return toHtml(hast);
}
