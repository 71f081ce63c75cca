import type { Root as HastRoot } from "hast";
import { sanitize } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import type { Root, RootContent } from "mdast";
import { toHast } from "mdast-util-to-hast";
import rehypeExternalLinks from "rehype-external-links";

// Markdown prose -> HTML that is safe to put in the page: raw HTML in the runbook is dropped,
// what is left is sanitized (GitHub's schema: no script, no javascript: URLs, no event handlers)
// and external links open in a new tab. The hast utilities are called directly: a processor
// per prose chunk costs more than the conversion itself.
const externalLinks = rehypeExternalLinks({ target: "_blank", rel: ["noopener", "noreferrer"] });

export function proseHtml(nodes: RootContent[]): string {
  const mdast: Root = { type: "root", children: nodes };
  const hast = sanitize(toHast(mdast)) as HastRoot;
  externalLinks(hast);
  return toHtml(hast).trim();
}
