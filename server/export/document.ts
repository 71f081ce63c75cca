// A small document model the postmortem is written in once, then serialized to Markdown and to
// HTML: the two formats cannot drift apart, and HTML is built directly (no Markdown re-parse,
// which is slow on a 10,000-row table).

export type Inline = string | { code: string } | { strong: string } | { link: string; href: string };
export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; inlines: Inline[] }
  | { kind: "table"; head: string[]; rows: Inline[][][] }
  | { kind: "list"; items: { checked?: boolean; inlines: Inline[] }[] }
  | { kind: "code"; lang: string; text: string };

export const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: "heading", level, text });
export const p = (...inlines: Inline[]): Block => ({ kind: "paragraph", inlines });
export const code = (text: string): Inline => ({ code: text });
export const strong = (text: string): Inline => ({ strong: text });
/** A link to a page of this Runlog: only a site path, so that no incident text can make one point elsewhere. */
export const link = (text: string, href: string): Inline => (SITE_PATH.test(href) ? { link: text, href } : text);
const SITE_PATH = /^\/[\w\-/.]*$/;
/** A table; a plain string cell is one text inline. */
export const table = (head: string[], rows: (Inline | Inline[])[][]): Block => ({
  kind: "table",
  head,
  rows: rows.map((r) => r.map((c) => (Array.isArray(c) ? c : [c]))),
});
export const list = (items: { checked?: boolean; inlines: Inline[] }[]): Block => ({ kind: "list", items });
export const fenced = (text: string, lang = ""): Block => ({ kind: "code", lang, text });
