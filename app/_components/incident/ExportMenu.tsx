/** The postmortem log of the incident, in the three formats (plain links: the browser downloads). */
export function ExportMenu({ incidentId }: { incidentId: string }) {
  const href = (format: string, download = false) => `/incidents/${incidentId}/export?format=${format}${download ? "&download=1" : ""}`;
  return (
    <details className="relative">
      <summary className="flex cursor-pointer list-none items-center rounded border border-zinc-700 px-2 py-0.5 text-sm text-zinc-300 hover:bg-zinc-800">
        Export ▾
      </summary>
      <ul
        aria-label="Export formats"
        className="absolute right-0 z-10 mt-1 w-56 rounded border border-zinc-700 bg-zinc-900 p-1 text-sm shadow-lg"
      >
        <li>
          <a href={href("md")} download className="block rounded px-2 py-1 hover:bg-zinc-800">
            Markdown (.md)
          </a>
        </li>
        <li>
          <a href={href("json")} download className="block rounded px-2 py-1 hover:bg-zinc-800">
            JSON (.json)
          </a>
        </li>
        <li>
          <a href={href("html")} target="_blank" rel="noopener" className="block rounded px-2 py-1 hover:bg-zinc-800">
            Printable page (HTML, print / PDF)
          </a>
        </li>
      </ul>
    </details>
  );
}
