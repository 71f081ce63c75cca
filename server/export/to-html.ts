import type { Element, ElementContent, Root } from "hast";
import { toHtml as hastToHtml } from "hast-util-to-html";
import type { Block, Inline } from "./document";

// Built as a hast tree of text nodes and fixed tags: every piece of incident text is escaped by
// the serializer, so nothing in a note or a command can become markup.

const el = (tagName: string, children: ElementContent[], properties: Element["properties"] = {}): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: "text", value });

function inline(i: Inline): ElementContent {
  if (typeof i === "string") return text(i);
  if ("strong" in i) return el("strong", [text(i.strong)]);
  if ("link" in i) return el("a", [text(i.link)], { href: i.href });
  return el("code", [text(i.code)]);
}
const inlines = (xs: Inline[]): ElementContent[] => (xs.length ? xs.map(inline) : [text("—")]);

function block(b: Block): Element {
  switch (b.kind) {
    case "heading":
      return el(`h${b.level}`, [text(b.text)]);
    case "paragraph":
      return el("p", inlines(b.inlines));
    case "table":
      if (b.rows.length === 0) return el("p", [el("em", [text("None.")])]);
      return el("table", [
        // A table of label/value pairs has no header worth a row on paper.
        ...(b.head.some((c) => c !== "")
          ? [
              el("thead", [
                el(
                  "tr",
                  b.head.map((c) => el("th", [text(c)])),
                ),
              ]),
            ]
          : []),
        el(
          "tbody",
          b.rows.map((r) =>
            el(
              "tr",
              r.map((c) => el("td", inlines(c))),
            ),
          ),
        ),
      ]);
    case "list":
      if (b.items.length === 0) return el("p", [el("em", [text("None.")])]);
      return el(
        "ul",
        b.items.map((it) =>
          el(
            "li",
            it.checked === undefined
              ? inlines(it.inlines)
              : // The item's words label its box (screen readers say "checked" or "not checked" with them).
                [
                  el("label", [
                    el("input", [], { type: "checkbox", checked: it.checked, disabled: true }),
                    text(" "),
                    ...inlines(it.inlines),
                  ]),
                ],
          ),
        ),
        b.items.some((it) => it.checked !== undefined) ? { className: ["checklist"] } : {},
      );
    case "code":
      return el("pre", [el("code", [text(b.text)], b.lang ? { className: [`language-${b.lang}`] } : {})]);
  }
}

export function toHtmlFragment(blocks: Block[]): string {
  const root: Root = { type: "root", children: blocks.flatMap((b) => [block(b), text("\n")]) };
  return hastToHtml(root);
}
