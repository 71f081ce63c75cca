import type { Root } from "mdast";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified, type Processor } from "unified";

// The GFM that runbooks use: tables, task lists (check items), strikethrough. remark-gfm's
// bare-URL autolinking and footnotes are left out: together they cost a third of the parse time
// on the corpus (see BENCHMARKS.md), and bare URLs still read fine as text.
function runbookGfm(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown());
}

const processor = unified().use(remarkParse).use(runbookGfm).use(remarkFrontmatter, ["yaml", "toml"]).freeze();

export function parseMarkdown(source: string): Root {
  return processor.parse(source);
}
