// Runbook prose arrives as HTML the server sanitized (hast-util-sanitize, GitHub's schema):
// raw HTML, scripts and javascript: links are gone before it reaches the browser.
export function ProseHtml({ html, className = "" }: { html: string; className?: string }) {
  return (
    <div
      className={`text-sm leading-relaxed text-zinc-300 [&_a]:text-amber-300 [&_a]:underline [&_code]:rounded [&_code]:bg-zinc-800 [&_code]:px-1 [&_li]:mt-0.5 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:mt-2 [&_p:first-child]:mt-0 [&_strong]:text-zinc-100 [&_table]:mt-2 [&_td]:border [&_td]:border-zinc-800 [&_td]:px-2 [&_th]:border [&_th]:border-zinc-800 [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-6 ${className}`}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
