import type { ReactNode } from "react";
import type { RunbookCodeBlock, RunbookCommand } from "@/server/shared/runbook";

interface Props {
  block: RunbookCodeBlock;
  renderCommand: (command: RunbookCommand) => ReactNode;
  /** Extra controls for a block of several commands (the incident page's "Run block"). */
  renderBlock?: (block: RunbookCodeBlock) => ReactNode;
}

/** One fenced block: runnable commands, a Prometheus query, notes, or text shown as is. */
export function CodeBlockView({ block, renderCommand, renderBlock }: Props) {
  if (block.kind === "shell" || block.kind === "console") {
    return (
      <div className="space-y-2">
        {renderBlock && block.commands.length > 1 && renderBlock(block)}
        {block.commands.map((c) => (
          <div key={c.id}>{renderCommand(c)}</div>
        ))}
        {block.notes.length > 0 && <Notes notes={block.notes} />}
      </div>
    );
  }
  if (block.kind === "notes") return <Notes notes={block.notes} />;
  const label =
    block.kind === "promql"
      ? "Prometheus query: run it in Prometheus, not here"
      : block.lang
        ? `${block.lang}: shown, not run`
        : "shown, not run";
  return (
    <figure className="rounded border border-zinc-800 bg-zinc-900/50">
      <figcaption className="border-b border-zinc-800 px-3 py-1 text-xs text-zinc-400">{label}</figcaption>
      <pre className="overflow-x-auto p-3 font-mono text-sm text-zinc-300">{block.text}</pre>
    </figure>
  );
}

function Notes({ notes }: { notes: string[] }) {
  return (
    <ul aria-label="Notes" className="space-y-0.5 rounded border border-dashed border-zinc-700 px-3 py-2 text-sm text-zinc-400">
      {notes.map((n, i) => (
        <li key={i}>
          <span className="mr-2 text-zinc-400">note</span>
          {n}
        </li>
      ))}
    </ul>
  );
}
