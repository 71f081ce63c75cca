import type { Postmortem } from "../shared/postmortem";
import { postmortemDocument } from "./postmortem-document";
import { toHtmlFragment } from "./to-html";

// Screen and paper: "Print / Save as PDF" from the browser gives a clean document (no dark
// background, tables that break between rows, code that wraps instead of running off the page).
const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, sans-serif; color: #111; background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
code, pre { font-family: ui-monospace, monospace; font-size: 12px; } pre { background: #f5f5f5; padding: 6px 8px; white-space: pre-wrap; word-break: break-all; border: 1px solid #ddd; }
ul.checklist { list-style: none; padding-left: 1rem; }
.print-hint { color: #666; font-size: 12px; }
td, code { overflow-wrap: anywhere; }
@media screen and (max-width: 640px) { body { margin: 1rem auto; } table { display: block; overflow-x: auto; } }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  .print-hint { display: none; }
  h2, h3 { break-after: avoid; } tr, pre { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 15mm; }
`;

/** The log as a standalone, printable HTML page. */
export function renderHtml(pm: Postmortem): string {
  const body = toHtmlFragment(postmortemDocument(pm));
  const title = `Postmortem log: ${pm.incident.title}`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="print-hint">Print this page (or save it as PDF) from the browser's menu.</p>
${body}
</body>
</html>
`;
}
